import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "../../src/db/postgres.js";
import type { Database } from "../../src/db/client.js";
import { encodeStampCode } from "../../src/domain/stamp-code.js";
import { voidStamps } from "../../src/modules/stamps/services/lifecycle.js";
import { benchStamps } from "../../scripts/bench/fixtures.js";
import { getFresh, sleep } from "../../scripts/bench/util.js";

/*
 * `WORKERS=2 npm start` (src/server.ts's cluster) as an operator runs it: a primary and two worker processes on
 * one port and one fresh PostgreSQL database. Each GET goes on a new connection, so the primary hands them to the
 * workers in turn; with BENCH_ROUTES on, a worker names itself (x-worker-pid) when asked (x-bench-pid).
 *
 * Skipped on the PGlite run: PGlite is one process's embedded database, and WORKERS > 1 refuses to start on it.
 * The CI's PostgreSQL run (DATABASE_URL set) runs it.
 */

const DATABASE_URL = process.env.DATABASE_URL;
const KEY = "cluster-test-stamp-key-".padEnd(48, "k");
const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

describe.skipIf(!DATABASE_URL)("WORKERS=2: two server processes on one port and one database (PostgreSQL only: PGlite is one process's database)", () => {
  let admin: ReturnType<typeof postgres>;
  let name: string;
  let database: Database;
  let server: ChildProcess;
  let port: number;
  let dataDir: string;
  let codes: string[];
  let ctx: () => Parameters<typeof voidStamps>[0]["ctx"];
  // Scans answered 200, per worker: held against the rows after the graceful stop.
  const answered = new Map<string, number>();

  const scan = async (code: string) => {
    const r = await getFresh(`http://127.0.0.1:${port}/s/${code}`, { accept: "application/json" });
    if (r.status === 200 && r.pid) answered.set(r.pid, (answered.get(r.pid) ?? 0) + 1);
    return { status: r.status, pid: r.pid, verdict: r.status === 200 ? (JSON.parse(r.body) as { verdict: string }).verdict : null };
  };
  /** Scans until `workers` distinct workers have each answered a verdict `want` accepts `times` times; their pids. */
  const scanUntil = async (code: string, want: (verdict: string | null) => boolean, opts: { workers: number; times: number; timeoutMs: number }) => {
    const seen = new Map<string, number>();
    const t0 = Date.now();
    while (Date.now() - t0 < opts.timeoutMs) {
      const r = await scan(code);
      if (want(r.verdict) && r.pid) seen.set(r.pid, (seen.get(r.pid) ?? 0) + 1);
      if ([...seen.values()].filter((n) => n >= opts.times).length >= opts.workers) return { pids: [...seen.keys()], ms: Date.now() - t0 };
    }
    throw new Error(`the wanted verdict from ${seen.size} of ${opts.workers} workers within ${opts.timeoutMs} ms`);
  };

  beforeAll(async () => {
    name = `ocop_cluster_${Date.now()}`;
    admin = postgres(DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(DATABASE_URL!);
    url.pathname = `/${name}`;
    database = openPostgres(url.toString(), 2);
    await database.migrate();
    const today = new Date().toISOString().slice(0, 10);
    const { world, batchId } = await benchStamps(database.db, today, 20);
    const serials = rowsOf<{ serial: string }>(await database.db.execute(sql`select serial from stamps where batch_id = ${batchId} order by seq`));
    codes = serials.map((s) => encodeStampCode(s.serial, KEY));
    ctx = () => ({ db: database.db, principal: world.office, now: new Date() });
    port = 19000 + Math.floor(Math.random() * 1000);
    dataDir = mkdtempSync(join(tmpdir(), "ocop-cluster-"));
    server = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
      env: { ...process.env, DATABASE_URL: url.toString(), WORKERS: "2", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO_SEED: "off", LOG_LEVEL: "warn", BENCH_ROUTES: "true", STAMP_KEY: KEY, SESSION_SECRET: "s".repeat(43), SCAN_RATE_LIMIT: "100000" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    for (let i = 0; ; i++) {
      const up = await getFresh(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (up) break;
      if (i > 120) throw new Error("the cluster did not come up");
      await sleep(500);
    }
  }, 90_000);

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
    await database?.close();
    await admin?.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("a void made through another connection shows as void on scans answered by both workers, within a second", async () => {
    // Both workers hold the stamp's view in their caches (their 5-minute TTL would hide the void without the note).
    const before = await scanUntil(codes[0]!, (v) => !!v?.startsWith("genuine"), { workers: 2, times: 3, timeoutMs: 20_000 });
    expect(before.pids).toHaveLength(2);
    await voidStamps({ ctx: ctx(), input: { code: codes[0]!, reason: "cluster test: lost roll" }, stampKeys: [KEY] });
    const after = await scanUntil(codes[0]!, (v) => v === "void", { workers: 2, times: 3, timeoutMs: 5_000 });
    expect(after.pids.sort()).toEqual(before.pids.sort());
    expect(after.ms).toBeLessThan(1000 + 500);
  });

  it("a worker that dies is forked again, and the port keeps answering", async () => {
    const { pids } = await scanUntil(codes[1]!, (v) => v !== null, { workers: 2, times: 1, timeoutMs: 10_000 });
    process.kill(Number(pids[0]), "SIGKILL");
    answered.delete(pids[0]!);
    const t0 = Date.now();
    const seen = new Set<string>();
    while (Date.now() - t0 < 30_000) {
      const r = await scan(codes[1]!).catch(() => null);
      if (r?.status === 200 && r.pid) seen.add(r.pid);
      if ([...seen].some((p) => !pids.includes(p))) break;
      await sleep(50);
    }
    expect([...seen].filter((p) => !pids.includes(p))).toHaveLength(1);
    expect(seen.has(pids[0]!)).toBe(false);
  }, 40_000);

  it("SIGTERM to the primary stops the workers gracefully: their buffered scans are written, the primary exits 0", async () => {
    for (let i = 0; i < 20; i++) await scan(codes[2 + (i % 5)]!);
    const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
    server.kill("SIGTERM");
    expect(await exited).toBe(0);
    const [row] = rowsOf<{ scans: number }>(await database.db.execute(sql`select coalesce(sum(times), 0)::int as scans from stamp_scans`));
    const bySurvivors = [...answered.values()].reduce((a, b) => a + b, 0);
    // The killed worker's buffered scans died with it; every scan the live workers answered is a row.
    expect(row!.scans).toBeGreaterThanOrEqual(bySurvivors);
  }, 40_000);
});
