import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { waitFor } from "./util.js";

/*
 * The server processes the bench starts: each is `node --import tsx src/server.ts` (WORKERS=N makes it a cluster
 * primary with N workers on the one port), or the bare Hono yardstick. All are kept in `started`, so the bench's
 * finally kills every one that is still running.
 */

export const KEY = "bench-stamp-key-".padEnd(48, "x");
const started = new Set<ChildProcess>();

export type ServerOptions = { databaseUrl: string; port: number; workers?: number; profileDir?: string | undefined; env?: Record<string, string>; logFile?: string };

export function startServer(o: ServerOptions): ChildProcess {
  const child = spawn(process.execPath, [...(o.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${o.profileDir}`] : []), "--import", "tsx", "src/server.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: o.databaseUrl,
      PORT: String(o.port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      DEMO_SEED: "off",
      STAMP_KEY: KEY,
      SESSION_SECRET: "bench-session-secret-".padEnd(48, "y"),
      BENCH_ROUTES: "true",
      WORKERS: String(o.workers ?? 1),
      // The load comes from one address: a budget no run can reach keeps the limiter on the path (its cost is
      // what is measured) without refusing the load.
      SCAN_RATE_LIMIT: "1000000000",
      PUBLIC_BASE_URL: `http://127.0.0.1:${o.port}`,
      ...o.env,
    },
    stdio: o.logFile ? ["ignore", openSync(o.logFile, "a"), openSync(o.logFile, "a")] : ["ignore", "inherit", "inherit"],
  });
  track(child);
  return child;
}

/** The bare Hono process serving `sourceUrl`'s bytes (fetched once) for every /s/* (scripts/bench/bare-server.ts). */
export function startBare(port: number, sourceUrl: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/bare-server.ts"], { env: { ...process.env, BARE_PORT: String(port), BARE_SOURCE: sourceUrl }, stdio: ["ignore", "inherit", "inherit"] });
  track(child);
  return child;
}

function track(child: ChildProcess) {
  started.add(child);
  child.once("exit", () => started.delete(child));
}

export const healthy = (port: number) => waitFor(`http://127.0.0.1:${port}/healthz`);

/** SIGTERM and wait: a server's graceful stop writes its buffered scans (a cluster's primary stops its workers first). */
export async function stopGracefully(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** Every process still running is killed (the bench's finally). */
export function killAll(): void {
  for (const child of started) child.kill("SIGKILL");
}
