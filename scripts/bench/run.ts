import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import type { ChildProcess } from "node:child_process";
import { openPostgres } from "../../src/db/postgres.js";
import { encodeStampCode } from "../../src/domain/stamp-code.js";
import { vnToday } from "../../src/lib/dates.js";
import { batchFaces } from "../../src/modules/stamps/queries/print-faces.js";
import { stampSheetPdf } from "../../src/modules/stamps/render/sheet-pdf.js";
import { voidStamps } from "../../src/modules/stamps/services/lifecycle.js";
import { suspendCertificate } from "../../src/modules/certificates/services/sanctions.js";
import { benchStamps } from "./fixtures.js";
import { invalidationLag } from "./lag.js";
import { CONNECTIONS, cycling, load, soak, type LoadResult } from "./load.js";
import { KEY, healthy, killAll, startBare, startServer, stopGracefully } from "./processes.js";
import { benchOpenData, type OpenDataResult } from "./opendata.js";
import { benchReports, type ReportsResult } from "./reports.js";
import { restartUnderLoad, type RestartResult } from "./restart.js";
import { log, median, round, rowsOf, skip } from "./util.js";

/*
 * `npm run bench`: the stamp issue's performance bars, measured in one run on this machine's PostgreSQL
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; a fresh database is created and
 * dropped). It prints one JSON line at the end, e.g.
 *   {"scan_page_ratio":0.62,"scan_p99_ms":21,"issue_1m_s":8.4,"sheet_10k_s":3.9,...}
 *
 *  - issue_1m_s: one batch of 1,000,000 stamps through the service (serials, one transaction, audit record).
 *  - scan_page_ratio: requests/s of GET /s/{code} (scan recorded) over requests/s of the same page rendered once
 *    and served from memory, on the same server, interleaved runs of 10 s at 100 connections, codes drawn from
 *    10,000 stamps of the 1,000,000 (the warm set). scan_p99_ms: the p99 latency of the scan runs.
 *  - bare_rps: one scan page's bytes served for /s/* by a Hono app with no middleware in its own process
 *    (scripts/bench/bare-server.ts); ratio_memory_bare, ratio_scan_bare: the server's routes over it.
 *  - cold_scan_rps, cold_p99_ms: GET /s/{code} of codes never scanned before (every stamp outside the warm set,
 *    shuffled, each scanned once): each is a miss of the view cache. ratio_cold_warm: cold over scan_rps.
 *  - two_process_rps: the warm scans through one port served by two processes (WORKERS=2: src/server.ts's
 *    cluster) on the same database. void_lag_ms, cert_lag_ms: a stamp voided, then the product's certificate
 *    suspended, from this process's own connection, until every process answers it (scripts/bench/lag.ts).
 *  - restart_*: PostgreSQL restarted under load (a private cluster; scripts/bench/restart.ts): answers by
 *    status (restart_500, restart_503, restart_5xx, cached and uncached codes apart), connection errors, and
 *    restart_lost, scans answered 200 but not recorded after the graceful stop.
 *  - sheet_10k_s: a 10,000-stamp A4 PDF streamed to a byte counter; sheet_rss_mb: the peak growth of this
 *    process's memory while it ran (flat when streamed).
 *  - scans_recorded / scans_answered / counters_ok: after the graceful stops, every scan answered 200 is a row.
 *  Each round runs memory, bare, scan, cold and two-process side by side (all servers up at once), 3 rounds.
 *
 * Environment:
 *  - BENCH_SECONDS (10): length of each measured run.
 *  - BENCH_STAMPS (1000000): the batch issued (fewer for a quick run; issue_1m_s is then that batch's time).
 *  - BENCH_SKIP: comma-separated parts left out: bare, cold, two (two_process_rps and the lags), lag (the lags
 *    only), restart, sheet, reports (the report queries over five years of a province: scripts/bench/reports.ts),
 *    opendata (bulk status of 1,000 ids and a day's snapshot of 30,000 certificates: scripts/bench/opendata.ts).
 *  - BENCH_ONLY=reports: only the reports part (its own database), printed as its JSON line; BENCH_ONLY=opendata
 *    likewise for the open-data part.
 *  - BENCH_SOAK=S: also a warm scan run of S seconds, its rate per 30 s window on stderr and in soak_windows.
 *  - BENCH_ONLY=scan: no yardstick (memory) runs, for profiling the scan path; BENCH_PROFILE=DIR: the main
 *    server's CPU profile. BENCH_PORT (3977): the main server; +1 bare, +2 the two-process cluster, +3 the
 *    restart test's server. BENCH_PG_BIN (/usr/lib/postgresql/15/bin): initdb and pg_ctl for the restart test.
 */

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PORT = Number(process.env.BENCH_PORT ?? 3977);
const BARE_PORT = PORT + 1;
const TWO_PORT = PORT + 2;
const RESTART_PORT = PORT + 3;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const STAMPS = Number(process.env.BENCH_STAMPS ?? 1_000_000);
const SOAK = Number(process.env.BENCH_SOAK ?? 0);
const ROUNDS = 3;

const parts = {
  bare: !skip("bare"),
  cold: !skip("cold"),
  two: !skip("two"),
  lag: !skip("two") && !skip("lag"),
  restart: !skip("restart"),
  sheet: !skip("sheet"),
  reports: !skip("reports"),
  opendata: !skip("opendata"),
  memory: process.env.BENCH_ONLY !== "scan",
};

async function main() {
  if (process.env.BENCH_ONLY === "reports") {
    process.stdout.write(JSON.stringify(await benchReports(ADMIN_URL)) + "\n");
    return;
  }
  if (process.env.BENCH_ONLY === "opendata") {
    process.stdout.write(JSON.stringify(await benchOpenData(ADMIN_URL)) + "\n");
    return;
  }
  const name = `ocop_bench_${Date.now()}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), 4);
  let main: ChildProcess | undefined;
  let two: ChildProcess | undefined;
  try {
    await database.migrate();
    const db = database.db;
    const today = new Date().toISOString().slice(0, 10);

    log(`issuing ${STAMPS.toLocaleString("en")} stamps…`);
    const { world, batchId, issueSeconds } = await benchStamps(db, today, STAMPS);
    log(`issued in ${issueSeconds.toFixed(2)} s`);

    let sheet: { seconds: number; rssMb: number } | null = null;
    if (parts.sheet) {
      log("printing 10,000 stamps…");
      sheet = await measureSheet(db, batchId);
      log(`sheet in ${sheet.seconds.toFixed(2)} s, peak RSS growth ${sheet.rssMb.toFixed(1)} MB`);
    }

    // 10,000 codes spread over the million, as phones would scan them (the warm set).
    const serials = rowsOf<{ serial: string }>(await db.execute(sql`select serial from stamps where batch_id = ${batchId} and seq % 100 = 7 limit 10000`));
    const codes = serials.map((r) => encodeStampCode(r.serial, KEY));
    // Two stamps outside the warm set for the lags (a void and a suspension change what they answer).
    const lagCodes = rowsOf<{ serial: string }>(await db.execute(sql`select serial from stamps where batch_id = ${batchId} and seq % 100 = 13 order by seq limit 2`)).map((r) => encodeStampCode(r.serial, KEY));
    // Every other stamp, shuffled, each to be scanned once (encoded as it is sent).
    const cold = parts.cold ? shuffle(rowsOf<{ serial: string }>(await db.execute(sql`select serial from stamps where batch_id = ${batchId} and seq % 100 not in (7, 13)`)).map((r) => r.serial)) : [];
    let coldNext = 0;
    const nextCold = () => {
      if (coldNext >= cold.length) throw new Error("the cold codes ran out: issue more stamps (BENCH_STAMPS) or run shorter");
      return "/s/" + encodeStampCode(cold[coldNext++]!, KEY);
    };

    // Every server of this database up at once, so that the rounds run side by side.
    main = startServer({ databaseUrl: url.toString(), port: PORT, profileDir: process.env.BENCH_PROFILE });
    if (parts.two) two = startServer({ databaseUrl: url.toString(), port: TWO_PORT, workers: 2 });
    await healthy(PORT);
    if (parts.two) await healthy(TWO_PORT);
    if (parts.bare) {
      startBare(BARE_PORT, `http://127.0.0.1:${PORT}/__bench/memory/${codes[0]}`);
      await healthy(BARE_PORT);
    }

    // Scans answered 200 on this database (every server), held against its rows after the graceful stops; and
    // the scan runs, each of whose end may leave up to one answer per connection recorded but not counted.
    const answered = { n: 0 };
    let scanRuns = 0;
    const scanLoad = async (o: Parameters<typeof load>[0]): Promise<LoadResult> => {
      scanRuns++;
      return load({ ...o, answered });
    };

    // Warm every path before measuring: every code once (the memory route renders each page once, the scan
    // route fills its cache; the cluster's workers get each code about once each), then a few seconds of JIT.
    await load({ port: PORT, next: cycling("/__bench/memory/", codes), amount: codes.length });
    await scanLoad({ port: PORT, next: cycling("/s/", codes), amount: codes.length });
    if (parts.two) await scanLoad({ port: TWO_PORT, next: cycling("/s/", codes), amount: codes.length * 3 });
    await load({ port: PORT, next: cycling("/__bench/memory/", codes), seconds: 3 });
    await scanLoad({ port: PORT, next: cycling("/s/", codes), seconds: 3 });
    if (parts.bare) await load({ port: BARE_PORT, next: cycling("/s/", codes), seconds: 3 });
    if (parts.cold) await scanLoad({ port: PORT, next: nextCold, seconds: 2 });
    if (parts.two) await scanLoad({ port: TWO_PORT, next: cycling("/s/", codes), seconds: 3 });

    if (process.env.BENCH_PROFILE) await fetch(`http://127.0.0.1:${PORT}/__bench/profile/start`).catch(() => undefined);
    const memory: number[] = [];
    const bare: number[] = [];
    const scan: LoadResult[] = [];
    const coldRuns: LoadResult[] = [];
    const twoRuns: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      memory.push(parts.memory ? (await load({ port: PORT, next: cycling("/__bench/memory/", codes), seconds: DURATION })).rps : NaN);
      bare.push(parts.bare ? (await load({ port: BARE_PORT, next: cycling("/s/", codes), seconds: DURATION })).rps : NaN);
      scan.push(await scanLoad({ port: PORT, next: cycling("/s/", codes), seconds: DURATION }));
      if (parts.cold) coldRuns.push(await scanLoad({ port: PORT, next: nextCold, seconds: DURATION }));
      twoRuns.push(parts.two ? (await scanLoad({ port: TWO_PORT, next: cycling("/s/", codes), seconds: DURATION })).rps : NaN);
      log(
        `run ${i + 1}: memory ${memory[i]!.toFixed(0)}, bare ${bare[i]!.toFixed(0)}, scan ${scan[i]!.rps.toFixed(0)} (p99 ${scan[i]!.p99} ms)` +
          (parts.cold ? `, cold ${coldRuns[i]!.rps.toFixed(0)} (p99 ${coldRuns[i]!.p99} ms)` : "") +
          `, two processes ${twoRuns[i]!.toFixed(0)} req/s`,
      );
    }

    let soakWindows: number[] | null = null;
    if (SOAK > 0) {
      log(`soak: ${SOAK} s of warm scans, the rate per 30 s window…`);
      scanRuns++;
      soakWindows = await soak({ port: PORT, next: cycling("/s/", codes), seconds: SOAK, windowSeconds: 30, answered, onWindow: (rps, i) => log(`soak window ${i} (${(i - 1) * 30}-${i * 30} s): ${rps} req/s`) });
    }

    let lags: { void_lag_ms: number | null; cert_lag_ms: number | null } | null = null;
    if (parts.lag) {
      const ctx = () => ({ db, principal: world.office, now: new Date() });
      const voidLag = await invalidationLag({ port: TWO_PORT, code: lagCodes[0]!, workers: 2, want: "void", answered, change: () => voidStamps({ ctx: ctx(), input: { code: lagCodes[0]!, reason: "bench: lost roll" }, stampKeys: [KEY] }) });
      log(`void seen by both processes after ${voidLag.lagMs} ms (${voidLag.polls} polls; before: ${voidLag.before})`);
      const certLag = await invalidationLag({
        port: TWO_PORT,
        code: lagCodes[1]!,
        workers: 2,
        want: "certificate_suspended",
        answered,
        change: () => suspendCertificate({ ctx: ctx(), input: { certificateId: world.certificateId, from: vnToday(new Date()), reason: "bench: suspension" } }),
      });
      log(`suspension seen by both processes after ${certLag.lagMs} ms (${certLag.polls} polls; before: ${certLag.before})`);
      lags = { void_lag_ms: voidLag.lagMs, cert_lag_ms: certLag.lagMs };
    }

    // A graceful stop flushes the buffered scans (the cluster's primary stops its workers first).
    await Promise.all([stopGracefully(main), stopGracefully(two)]);
    main = two = undefined;
    // A row may stand for many scans (repeats are tallied: `times`), so the scans are the sum and the rows are
    // what the table grew by (one client, the load generator, repeating 10,000 codes).
    const [counts] = rowsOf<{ scans: string; rows: string }>(await db.execute(sql`select coalesce(sum(times), 0)::bigint as scans, count(*)::bigint as rows from stamp_scans`));

    let restart: RestartResult | null = null;
    if (parts.restart) restart = await restartUnderLoad({ serverPort: RESTART_PORT, seconds: Math.max(DURATION, 9) });
    let reports: ReportsResult | null = null;
    if (parts.reports) {
      log("reports: five years of a province (10,000 products, 30,000 certificates, 10,000,000 scans)…");
      reports = await benchReports(ADMIN_URL);
    }
    let opendata: OpenDataResult | null = null;
    if (parts.opendata) {
      log("open data: bulk status of 1,000 ids and a day's snapshot of 30,000 certificates…");
      opendata = await benchOpenData(ADMIN_URL);
    }

    const ratios = scan.map((s, i) => s.rps / memory[i]!);
    const scanRps = median(scan.map((s) => s.rps));
    const memoryRps = median(memory);
    const bareRps = parts.bare ? median(bare) : null;
    const coldRps = parts.cold ? median(coldRuns.map((r) => r.rps)) : null;
    const recorded = Number(counts!.scans);
    const result = {
      scan_page_ratio: parts.memory ? round(median(ratios), 2) : null,
      scan_rps: Math.round(scanRps),
      memory_rps: parts.memory ? Math.round(memoryRps) : null,
      scan_p99_ms: median(scan.map((s) => s.p99)),
      bare_rps: bareRps === null ? null : Math.round(bareRps),
      ratio_memory_bare: bareRps === null || !parts.memory ? null : round(median(memory.map((m, i) => m / bare[i]!)), 2),
      ratio_scan_bare: bareRps === null ? null : round(median(scan.map((s, i) => s.rps / bare[i]!)), 2),
      cold_scan_rps: coldRps === null ? null : Math.round(coldRps),
      cold_p99_ms: parts.cold ? median(coldRuns.map((r) => r.p99)) : null,
      ratio_cold_warm: parts.cold ? round(median(coldRuns.map((r, i) => r.rps / scan[i]!.rps)), 2) : null,
      cold_codes_scanned: parts.cold ? coldNext : null,
      two_process_rps: parts.two ? Math.round(median(twoRuns)) : null,
      ratio_two_one: parts.two ? round(median(twoRuns.map((t, i) => t / scan[i]!.rps)), 2) : null,
      void_lag_ms: lags?.void_lag_ms ?? null,
      cert_lag_ms: lags?.cert_lag_ms ?? null,
      ...(restart ?? {}),
      ...(reports ?? {}),
      ...(opendata ?? {}),
      ...(soakWindows ? { soak_seconds: SOAK, soak_windows: soakWindows } : {}),
      issue_1m_s: round(issueSeconds, 2),
      stamps_issued: STAMPS,
      sheet_10k_s: sheet ? round(sheet.seconds, 2) : null,
      sheet_rss_mb: sheet ? round(sheet.rssMb, 1) : null,
      scans_recorded: recorded,
      scan_rows: Number(counts!.rows),
      // Every scan answered 200 (warm-up, cold, two-process and lag polls included) is counted after the graceful
      // stops' flush. A run's end can leave up to one request per connection answered by the server but not
      // counted by the load generator.
      scans_answered: answered.n,
      counters_ok: recorded >= answered.n && recorded - answered.n <= CONNECTIONS * scanRuns,
      connections: CONNECTIONS,
      seconds_per_run: DURATION,
    };
    process.stdout.write(JSON.stringify(result) + "\n");
  } finally {
    killAll();
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
  const faces = batchFaces(db, { batchId, fromSeq: 1, toSeq: Math.min(10_000, STAMPS), productName: "Bưởi Phúc Trạch", stars: 4, key: KEY, baseUrl: "https://ocop.hatinh.gov.vn" });
  await pipeline(stampSheetPdf(faces, { kind: "a4-grid" }), new Writable({ write: (chunk, _e, cb) => ((bytes += chunk.length), cb()) }));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  if (bytes < 100_000) throw new Error("the sheet is suspiciously small");
  return { seconds, rssMb: peak / 1024 / 1024 };
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

await main();
