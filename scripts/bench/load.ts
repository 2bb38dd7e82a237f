import autocannon from "autocannon";

/*
 * The load generator: autocannon in this process, 100 connections, one request in flight per connection, a
 * phone's headers. Every 2xx on a scan path (/s/…) is added to `answered` of the database it was answered
 * from, to hold against the rows after the graceful stop.
 */

export const CONNECTIONS = 100;
const HEADERS = { accept: "text/html", "user-agent": "bench-phone" };

export type LoadResult = { rps: number; p99: number; ok: number; non2xx: number; errors: number; statuses: Record<string, number> };

export type LoadOptions = {
  port: number;
  /** The next request's path (called once per request). */
  next: () => string;
  seconds?: number;
  amount?: number;
  connections?: number;
  /** Count non-2xx answers and errors instead of failing the run (the restart test). */
  tolerate?: boolean;
  /** Scan answers to count, by database: the counter to add this run's 2xx to. */
  answered?: { n: number };
  /** Each answer's status with its path (the restart test tells cached from uncached codes). */
  onAnswer?: (status: number, path: string) => void;
};

export async function load(o: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${o.port}`,
    connections: o.connections ?? CONNECTIONS,
    ...(o.amount ? { amount: o.amount } : { duration: o.seconds ?? 10 }),
    pipelining: 1,
    headers: HEADERS,
    requests: [
      {
        method: "GET",
        setupRequest: (req, context) => {
          const path = o.next();
          (context as { path?: string }).path = path;
          return { ...req, path };
        },
        ...(o.onAnswer ? { onResponse: (status: number, _body: string, context: object) => o.onAnswer!(status, (context as { path?: string }).path ?? "") } : {}),
      },
    ],
  });
  if (!o.tolerate && (result.non2xx > 0 || result.errors > 0)) throw new Error(`load on :${o.port}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  if (o.answered) o.answered.n += result["2xx"];
  const statuses: Record<string, number> = {};
  for (const [k, v] of Object.entries(result.statusCodeStats ?? {})) statuses[k] = (v as { count?: number }).count ?? 0;
  return { rps: result.requests.average, p99: result.latency.p99, ok: result["2xx"], non2xx: result.non2xx, errors: result.errors, statuses };
}

/** Paths cycling over `codes` under `prefix` (the warm set: every code again and again). */
export function cycling(prefix: string, codes: string[]): () => string {
  let i = 0;
  return () => prefix + codes[i++ % codes.length];
}

/**
 * A warm run of `seconds` counting the 2xx per window of `windowSeconds` (BENCH_SOAK): the rate over time, to see
 * a leak or a slowdown that a 10 s run cannot.
 */
export async function soak(o: { port: number; next: () => string; seconds: number; windowSeconds: number; answered: { n: number }; onWindow: (rps: number, i: number) => void }): Promise<number[]> {
  const windows: number[] = [];
  let count = 0;
  // Without a callback autocannon returns its tracker: an event emitter that is also a promise of the result.
  const instance = autocannon({
    url: `http://127.0.0.1:${o.port}`,
    connections: CONNECTIONS,
    duration: o.seconds,
    pipelining: 1,
    headers: HEADERS,
    requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: o.next() }) }],
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  // The tracker emits (client, status, bytes, time), whatever @types/autocannon says.
  (instance as unknown as { on(e: "response", f: (client: unknown, status: number) => void): void }).on("response", (_client, status) => {
    if (status >= 200 && status < 300) count++;
  });
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    windows.push(Math.round(count / ((now - last) / 1000)));
    o.onWindow(windows.at(-1)!, windows.length);
    o.answered.n += count;
    count = 0;
    last = now;
  }, o.windowSeconds * 1000);
  const result = await instance;
  clearInterval(timer);
  // The tail after the last full window is counted, not reported as a window.
  o.answered.n += count;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`soak: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return windows;
}
