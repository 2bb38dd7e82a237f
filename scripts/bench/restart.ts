import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openPostgres } from "../../src/db/postgres.js";
import { encodeStampCode } from "../../src/domain/stamp-code.js";
import { benchStamps } from "./fixtures.js";
import { load } from "./load.js";
import { KEY, healthy, startServer, stopGracefully } from "./processes.js";
import { log, rowsOf, sleep } from "./util.js";

/*
 * A PostgreSQL restart under load (`restart_*`). A private PostgreSQL cluster (initdb into a temporary folder,
 * as the postgres user when the bench runs as root; fsync off; its own port, its socket in the folder) holds a
 * fresh bench database of RESTART_STAMPS stamps; one server runs against it. Half the requests are codes scanned
 * once before (their views cached), half codes never scanned (a miss: the database is needed). A third of the
 * way into the load run, `pg_ctl restart -m fast`. Counted: the answers by status, cached and uncached apart,
 * and the connection errors; then, after the server's graceful stop, scans answered 200 against the scans
 * recorded (sum of `times`): `restart_lost` is answered − recorded, floored at 0.
 */

const PG_BIN = process.env.BENCH_PG_BIN ?? "/usr/lib/postgresql/15/bin";
const RESTART_STAMPS = 40_000;
const run = promisify(execFile);

export type RestartResult = Record<string, number | string | null | Record<string, number>>;

// pg_ctl is always given -l: a postgres started without it keeps pg_ctl's stdout, and execFile would wait for it.
const asPostgres = (cmd: string, args: string[]) =>
  process.getuid?.() === 0 ? run("runuser", ["-u", "postgres", "--", join(PG_BIN, cmd), ...args], { timeout: 120_000 }) : run(join(PG_BIN, cmd), args, { timeout: 120_000 });

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 50; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer().once("error", () => resolve(false)).listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port from ${from}`);
}

export async function restartUnderLoad(o: { serverPort: number; seconds: number }): Promise<RestartResult> {
  if (!existsSync(join(PG_BIN, "initdb"))) return skipped(`no initdb in ${PG_BIN} (BENCH_PG_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), "ocop-bench-pg-"));
  const data = join(dir, "data");
  let pgStarted = false;
  let server: ReturnType<typeof startServer> | undefined;
  try {
    if (process.getuid?.() === 0) chownSync(dir, Number((await run("id", ["-u", "postgres"])).stdout.trim()), Number((await run("id", ["-g", "postgres"])).stdout.trim()));
    const pgPort = await freePort(5499);
    try {
      await asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
      await asPostgres("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-o", `-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, "start"]);
      pgStarted = true;
    } catch (err) {
      return skipped(`the private PostgreSQL did not start: ${String((err as { stderr?: string }).stderr ?? err).trim().split("\n")[0]}`);
    }
    const adminUrl = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe("create database ocop_restart");
    await admin.end();
    const url = `postgres://postgres@127.0.0.1:${pgPort}/ocop_restart`;
    const database = openPostgres(url, 2);
    let codes: string[];
    try {
      await database.migrate();
      const { batchId } = await benchStamps(database.db, new Date().toISOString().slice(0, 10), RESTART_STAMPS);
      const serials = rowsOf<{ serial: string }>(await database.db.execute(sql`select serial from stamps where batch_id = ${batchId} order by random()`));
      codes = serials.map((r) => encodeStampCode(r.serial, KEY));
    } finally {
      await database.close();
    }
    const cached = codes.slice(0, 2000);
    const cachedPaths = new Set(cached.map((c) => "/s/" + c));
    const uncached = codes.slice(2000);

    // Its log (the outage's errors, one line each) goes to a file, not to the bench's output.
    server = startServer({ databaseUrl: url, port: o.serverPort, logFile: join(dir, "server.log") });
    await healthy(o.serverPort);
    const answered = { n: 0 };
    let i = 0;
    await load({ port: o.serverPort, next: () => "/s/" + cached[i++ % cached.length], amount: cached.length, answered });
    let u = 0;
    let n = 0;
    const count = { cached: {} as Record<string, number>, uncached: {} as Record<string, number> };
    let ok = 0;
    log(`restart: load of ${o.seconds} s, PostgreSQL restarted after ${Math.round(o.seconds / 3)} s…`);
    let restartMs: number | null = null;
    const restart = sleep((o.seconds / 3) * 1000).then(async () => {
      const t0 = performance.now();
      await asPostgres("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-m", "fast", "-w", "restart"]);
      restartMs = Math.round(performance.now() - t0);
      log(`restart: PostgreSQL back after ${restartMs} ms`);
    });
    const r = await load({
      port: o.serverPort,
      seconds: o.seconds,
      tolerate: true,
      // Alternately a cached code and a never-scanned one (each once, until they run out).
      next: () => (n++ % 2 === 0 || u >= uncached.length ? "/s/" + cached[i++ % cached.length] : "/s/" + uncached[u++]),
      onAnswer: (status, path) => {
        const kind = cachedPaths.has(path) ? count.cached : count.uncached;
        kind[status] = (kind[status] ?? 0) + 1;
        if (status === 200) ok++;
      },
    });
    await restart;
    answered.n += ok;
    // The graceful stop writes what the flusher could not during the outage.
    await stopGracefully(server);
    server = undefined;
    const check = postgres(url, { max: 1, onnotice: () => {} });
    const [row] = await check<{ scans: string }[]>`select coalesce(sum(times), 0)::bigint as scans from stamp_scans`;
    await check.end();
    const recorded = Number(row!.scans);
    const sumOf = (m: Record<string, number>, pred: (s: number) => boolean) => Object.entries(m).reduce((t, [s, c]) => (pred(Number(s)) ? t + c : t), 0);
    const all = (pred: (s: number) => boolean) => sumOf(count.cached, pred) + sumOf(count.uncached, pred);
    return {
      restart_5xx: all((s) => s >= 500),
      restart_500: all((s) => s === 500),
      restart_503: all((s) => s === 503),
      restart_non2xx: all((s) => s < 200 || s >= 300),
      restart_5xx_cached: sumOf(count.cached, (s) => s >= 500),
      restart_5xx_uncached: sumOf(count.uncached, (s) => s >= 500),
      restart_errors: r.errors,
      restart_lost: Math.max(0, answered.n - recorded),
      restart_answered: answered.n,
      restart_recorded: recorded,
      restart_pg_ms: restartMs,
      restart_rps: Math.round(r.rps),
      restart_statuses: merged(count.cached, count.uncached),
    };
  } finally {
    if (server) await stopGracefully(server).catch(() => undefined);
    if (pgStarted) await asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

function merged(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function skipped(reason: string): RestartResult {
  log(`restart: skipped (${reason})`);
  return { restart_5xx: null, restart_lost: null, restart_skipped: reason };
}
