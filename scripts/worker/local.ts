import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/*
 * Runs the Worker locally as a deployer would: `wrangler dev --local` (workerd on this machine) against a
 * PostgreSQL server through Hyperdrive's local connection string. Used by `npm run worker:dev`, the Worker's
 * public-path test and `npm run bench:worker`.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");

/**
 * Hyperdrive's local connection string must carry a password even where the server trusts every local login
 * (wrangler refuses it otherwise): add a placeholder one, which trust authentication ignores.
 */
export function hyperdriveUrl(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  if (!u.password) u.password = "x";
  if (!u.username) u.username = "postgres";
  return u.toString();
}

export type LocalWorker = { url: string; port: number; process: ChildProcess; output(): string; stop(): Promise<void> };

export async function startLocalWorker(opts: {
  databaseUrl: string;
  port: number;
  vars: Record<string, string>;
  /** Echo wrangler's output (worker:dev); otherwise it is kept for output(). */
  inherit?: boolean;
  timeoutMs?: number;
}): Promise<LocalWorker> {
  // A state folder of its own: wrangler writes its bundle and local state there, not into the work tree.
  const state = mkdtempSync(join(tmpdir(), "ocop-worker-"));
  const args = ["dev", "--local", "--ip", "127.0.0.1", "--port", String(opts.port), "--inspector-port", String(opts.port + 1), "--persist-to", state, "--show-interactive-dev-session=false", "--log-level", opts.inherit ? "log" : "warn"];
  for (const [k, v] of Object.entries(opts.vars)) args.push("--var", `${k}:${v}`);
  const child = spawn(WRANGLER, args, {
    cwd: ROOT,
    env: { ...process.env, CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: hyperdriveUrl(opts.databaseUrl), WRANGLER_SEND_METRICS: "false", WRANGLER_WRITE_LOG_FILE: "false", FORCE_COLOR: "0" },
    stdio: opts.inherit ? "inherit" : ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on("exit", () => ((exited = true), resolve())));
  const url = `http://127.0.0.1:${opts.port}`;
  const stop = async () => {
    if (!exited && child.pid) {
      // wrangler starts workerd as its child: signal the whole group this spawn made.
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      await Promise.race([exit, new Promise((r) => setTimeout(r, 5000))]);
      if (!exited) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }
    }
    rmSync(state, { recursive: true, force: true });
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) return { url, port: opts.port, process: child, output: () => log, stop };
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`the Worker did not answer /healthz at ${url}:\n${log.slice(-4000)}`);
}
