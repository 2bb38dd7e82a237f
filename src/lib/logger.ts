export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type Logger = {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
};

/*
 * One JSON object per line, so any log shipper can index it (requestId included per request). Every request
 * makes a child and writes an access line, so both are cheap: a child is one small object (methods on the
 * prototype, not closures made per request), and on Node lines are gathered and written to stdout once per
 * turn of the event loop rather than one write per line (a write per request cost the public pages a visible
 * share of their throughput). An error line, and whatever waits before it, is written at once; whatever waits
 * at exit is written before the process ends.
 */
class JsonLogger implements Logger {
  constructor(
    private readonly min: number,
    private readonly base: Record<string, unknown>,
    private readonly write: (line: string, urgent: boolean) => void,
  ) {}

  private line(lvl: Exclude<LogLevel, "silent">, msg: string, fields?: Record<string, unknown>): void {
    if (order[lvl] < this.min) return;
    this.write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...this.base, ...fields }), lvl === "error");
  }

  debug(msg: string, fields?: Record<string, unknown>) {
    this.line("debug", msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>) {
    this.line("info", msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>) {
    this.line("warn", msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>) {
    this.line("error", msg, fields);
  }
  child(fields: Record<string, unknown>): Logger {
    // Below the level nothing is written, so the fields need not be joined.
    return this.min >= order.silent ? this : new JsonLogger(this.min, { ...this.base, ...fields }, this.write);
  }
}

/** Lines gathered for stdout, written once per event-loop turn (or at once for an error, or at exit). */
function bufferedStdout(): (line: string, urgent: boolean) => void {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join("\n") + "\n";
    pending = [];
    process.stdout.write(text);
  };
  process.once("exit", () => {
    // stdout to a file or a pipe is written synchronously on Linux, so this reaches it before the process ends.
    flush();
  });
  return (line, urgent) => {
    pending.push(line);
    if (urgent) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}

let stdoutWriter: ((line: string, urgent: boolean) => void) | undefined;

/** A logger at `level` with `base` fields on every line; `write` (one line at a time) replaces stdout. */
export function createLogger(level: LogLevel, base: Record<string, unknown> = {}, write?: (line: string) => void): Logger {
  const sink = write ? (line: string) => write(line) : (stdoutWriter ??= bufferedStdout());
  return new JsonLogger(order[level], base, sink);
}
