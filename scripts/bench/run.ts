import { spawn, type ChildProcess } from "node:child_process";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import autocannon from "autocannon";
import postgres from "postgres";
import { eq, sql } from "drizzle-orm";
import { openPostgres } from "../../src/db/postgres.js";
import { encodeStampCode } from "../../src/domain/stamp-code.js";
import { issueBatch } from "../../src/modules/stamps/services/batches.js";
import { batchFaces } from "../../src/modules/stamps/queries/print-faces.js";
import { stampSheetPdf } from "../../src/modules/stamps/render/sheet-pdf.js";
import { productionLots, stamps } from "../../src/modules/stamps/schema.js";
import { benchWorld } from "./fixtures.js";

/*
 * `npm run bench`: the stamp issue's performance bars, measured in one run on this machine's PostgreSQL
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; a fresh database is created and
 * dropped). It prints one JSON line at the end, e.g.
 *   {"scan_page_ratio":0.62,"scan_p99_ms":21,"issue_1m_s":8.4,"sheet_10k_s":3.9,...}
 *
 *  - issue_1m_s: one batch of 1,000,000 stamps through the service (serials, one transaction, audit record).
 *  - scan_page_ratio: requests/s of GET /s/{code} (scan recorded) over requests/s of the same page rendered once
 *    and served from memory, on the same server, interleaved runs of 10 s at 100 connections, codes drawn from
 *    10,000 stamps of the 1,000,000. scan_p99_ms: the p99 latency of the scan runs.
 *  - sheet_10k_s: a 10,000-stamp A4 PDF streamed to a byte counter; sheet_rss_mb: the peak growth of this
 *    process's memory while it ran (flat when streamed).
 *  - scans_recorded / scans_answered / counters_ok: after the graceful stop, every scan answered 200 is a row.
 */

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PORT = Number(process.env.BENCH_PORT ?? 3977);
const KEY = "bench-stamp-key-".padEnd(48, "x");
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function main() {
  const name = `ocop_bench_${Date.now()}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), 4);
  let server: ChildProcess | undefined;
  try {
    await database.migrate();
    const db = database.db;
    const today = new Date().toISOString().slice(0, 10);
    const world = await benchWorld(db, today);

    log("issuing 1,000,000 stamps…");
    const t0 = performance.now();
    const { batch } = await issueBatch({ ctx: { db, principal: world.office, now: new Date() }, input: { productId: world.productId, quantity: 1_000_000 } });
    const issueSeconds = (performance.now() - t0) / 1000;
    log(`issued in ${issueSeconds.toFixed(2)} s`);
    const [lot] = await db.insert(productionLots).values({ productId: world.productId, lotNumber: "BENCH-1", producedOn: today, quantity: 1_000_000, createdAt: new Date() }).returning({ id: productionLots.id });
    await db.update(stamps).set({ lotId: lot!.id, activatedAt: new Date() }).where(eq(stamps.batchId, batch.id));
    await db.execute(sql`analyze stamps`);

    log("printing 10,000 stamps…");
    const sheet = await measureSheet(db, batch.id);
    log(`sheet in ${sheet.seconds.toFixed(2)} s, peak RSS growth ${sheet.rssMb.toFixed(1)} MB`);

    // 10,000 codes spread over the million, as phones would scan them.
    const serials = await db.execute<{ serial: string }>(sql`select serial from stamps where batch_id = ${batch.id} and seq % 100 = 7 limit 10000`);
    const codes = (Array.isArray(serials) ? serials : (serials as unknown as { rows: { serial: string }[] }).rows).map((r) => encodeStampCode(r.serial, KEY));

    server = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), "--import", "tsx", "src/server.ts"], {
      env: { ...process.env, DATABASE_URL: url.toString(), PORT: String(PORT), HOST: "127.0.0.1", LOG_LEVEL: "warn", DEMO_SEED: "off", STAMP_KEY: KEY, SESSION_SECRET: "bench-session-secret-".padEnd(48, "y"), BENCH_ROUTES: "true",
        // The load comes from one address: a budget no run can reach keeps the limiter on the path (its cost is
        // what is measured) without refusing the load.
        SCAN_RATE_LIMIT: "1000000000", PUBLIC_BASE_URL: `http://127.0.0.1:${PORT}` },
      stdio: ["ignore", "inherit", "inherit"],
    });
    await waitFor(`http://127.0.0.1:${PORT}/healthz`);
    // Warm both paths before measuring: every code once (the memory route renders each page once, the scan
    // route fills its cache), then a few seconds of JIT.
    await load("/__bench/memory/", codes, 0, codes.length);
    await load("/s/", codes, 0, codes.length);
    await load("/__bench/memory/", codes, 3);
    await load("/s/", codes, 3);
    if (process.env.BENCH_PROFILE) await fetch(`http://127.0.0.1:${PORT}/__bench/profile/start`).catch(() => undefined);
    const memory: number[] = [];
    const scan: { rps: number; p99: number }[] = [];
    for (let i = 0; i < 3; i++) {
      // BENCH_ONLY=scan (for profiling the scan path alone) skips the yardstick.
      memory.push(process.env.BENCH_ONLY === "scan" ? NaN : (await load("/__bench/memory/", codes, DURATION)).rps);
      scan.push(await load("/s/", codes, DURATION));
      log(`run ${i + 1}: memory ${memory[i]!.toFixed(0)} req/s, scan ${scan[i]!.rps.toFixed(0)} req/s (p99 ${scan[i]!.p99} ms)`);
    }
    // A graceful stop flushes the buffered scans.
    server.kill("SIGTERM");
    await new Promise((r) => server!.once("exit", r));
    server = undefined;
    // A row may stand for many scans (repeats are tallied: `times`), so the scans are the sum and the rows are
    // what the table grew by (one client, the load generator, repeating 10,000 codes).
    const found = await db.execute(sql`select coalesce(sum(times), 0)::bigint as scans, count(*)::bigint as rows from stamp_scans`);
    const [counts] = (Array.isArray(found) ? found : (found as unknown as { rows: { scans: string; rows: string }[] }).rows) as { scans: string; rows: string }[];
    const ratios = scan.map((s, i) => s.rps / memory[i]!);
    const result = {
      scan_page_ratio: round(median(ratios), 2),
      scan_rps: Math.round(median(scan.map((s) => s.rps))),
      memory_rps: Math.round(median(memory)),
      scan_p99_ms: median(scan.map((s) => s.p99)),
      issue_1m_s: round(issueSeconds, 2),
      sheet_10k_s: round(sheet.seconds, 2),
      sheet_rss_mb: round(sheet.rssMb, 1),
      scans_recorded: Number(counts!.scans),
      scan_rows: Number(counts!.rows),
      // Every scan answered 200 (warm-up included) is counted after the graceful stop's flush. A run's end can
      // leave up to one request per connection answered by the server but not counted by the load generator.
      scans_answered: answered,
      counters_ok: Number(counts!.scans) >= answered && Number(counts!.scans) - answered <= 100 * 5,
      connections: 100,
      seconds_per_run: DURATION,
    };
    process.stdout.write(JSON.stringify(result) + "\n");
  } finally {
    server?.kill("SIGKILL");
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function measureSheet(db: Parameters<typeof batchFaces>[0], batchId: number) {
  let peak = 0;
  const base = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss - base)), 25);
  const t0 = performance.now();
  let bytes = 0;
  const faces = batchFaces(db, { batchId, fromSeq: 1, toSeq: 10_000, productName: "Bưởi Phúc Trạch", stars: 4, key: KEY, baseUrl: "https://ocop.hatinh.gov.vn" });
  await pipeline(stampSheetPdf(faces, { kind: "a4-grid" }), new Writable({ write: (chunk, _e, cb) => ((bytes += chunk.length), cb()) }));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  if (bytes < 100_000) throw new Error("the sheet is suspiciously small");
  return { seconds, rssMb: peak / 1024 / 1024 };
}

let answered = 0;

async function load(prefix: string, codes: string[], seconds: number, amount?: number): Promise<{ rps: number; p99: number }> {
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections: 100,
    ...(amount ? { amount } : { duration: seconds }),
    pipelining: 1,
    headers: { accept: "text/html", "user-agent": "bench-phone" },
    requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: prefix + codes[i++ % codes.length] }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${prefix}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  if (prefix === "/s/") answered += result["2xx"];
  return { rps: result.requests.average, p99: result.latency.p99 };
}

async function waitFor(url: string) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

await main();
