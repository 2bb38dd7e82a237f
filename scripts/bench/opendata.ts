import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createApp } from "../../src/app.js";
import { testConfig } from "../../src/config.js";
import { openPostgres } from "../../src/db/postgres.js";
import { vnToday } from "../../src/lib/dates.js";
import { createLogger } from "../../src/lib/logger.js";
import { useAuditSigningKey, writeAudit } from "../../src/modules/audit/index.js";
import { publishOpenData } from "../../src/modules/opendata/index.js";
import { buildRegistryWorld } from "./registry-world.js";
import { log, round, rowsOf } from "./util.js";

/*
 * The open-data part of `npm run bench` (BENCH_SKIP=opendata leaves it out; BENCH_ONLY=opendata or
 * `npx tsx scripts/bench/opendata.ts` runs it alone), in its own database: a registry of 10,000 products each
 * certified three times (30,000 certificates, the older two superseded, 1% of the newest revoked), 5,000
 * producers and 200 points of sale, made with set-based SQL (scripts/bench/registry-world.ts). Then:
 *  - opendata_status_p50_ms / _p95_ms: POST /api/registry/status with 1,000 ids (600 certificate numbers, 300
 *    product codes, 100 unknown), 20 runs after 2 warm-ups, in process (app.request), the JSON read whole;
 *  - opendata_status_pdf_ms: the same 1,000 ids as the evidence PDF, once, streamed to the end;
 *  - opendata_snapshot_s / _bytes: publishing the day (8 files and the manifest, one transaction), and the bytes;
 *  - opendata_rerun_ms: publishing the same day again (finds the manifest, changes nothing).
 */

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const RUNS = 20;
const WARMUP = 2;

export type OpenDataResult = Record<string, number | string | null>;

export async function benchOpenData(adminUrl = ADMIN_URL): Promise<OpenDataResult> {
  const name = `ocop_bench_opendata_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), 4);
  const config = testConfig({ databaseUrl: url.toString() });
  const deps = { config, database, logger: createLogger((process.env.BENCH_LOG ?? "silent") as "silent"), now: () => new Date() };
  try {
    await database.migrate();
    useAuditSigningKey(config.auditSigningKey);
    const db = database.db;
    const now = new Date();
    const first = new Date(Date.parse(`${vnToday(now)}T00:00:00Z`) - 1500 * 86_400_000).toISOString().slice(0, 10);
    let t0 = performance.now();
    const world = await buildRegistryWorld(db, { products: 10_000, perProduct: 3, firstDecision: first, producers: 5000, retailPoints: 200, revokeEvery: 100 });
    const fixtureSeconds = (performance.now() - t0) / 1000;
    log(`open-data fixture: ${world.certificates} certificates in ${fixtureSeconds.toFixed(1)} s`);
    for (let i = 0; i < 5; i++) await db.transaction((tx) => writeAudit(tx, { actorId: null, action: "bench.seed", subjectType: "bench", subjectId: i }, now));
    await db.execute(sql`analyze`);

    const certIds = rowsOf<{ id: number }>(await db.execute(sql`select id from certificates order by random() limit 600`)).map((r) => String(r.id));
    const codes = rowsOf<{ code: string }>(await db.execute(sql`select code from products order by random() limit 300`)).map((r) => r.code);
    const ids = [...certIds, ...codes, ...Array.from({ length: 100 }, (_, i) => String(5_000_000 + i))].sort(() => Math.random() - 0.5);
    const app = createApp(deps);
    const ask = async (accept = "application/json") => {
      const r = await app.request("/api/registry/status", { method: "POST", headers: { "content-type": "application/json", accept }, body: JSON.stringify({ ids }) });
      const body = new Uint8Array(await r.arrayBuffer());
      if (r.status !== 200) throw new Error(`status lookup: ${r.status} ${new TextDecoder().decode(body).slice(0, 300)}`);
      return body.byteLength;
    };
    let answerBytes = 0;
    for (let i = 0; i < WARMUP; i++) answerBytes = await ask();
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await ask();
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => round(ms[Math.ceil(q * ms.length) - 1]!, 1);
    log(`bulk status of 1,000 ids: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms (${answerBytes} bytes)`);
    t0 = performance.now();
    const pdfBytes = await ask("application/pdf");
    const pdfMs = performance.now() - t0;
    log(`its PDF: ${round(pdfMs, 0)} ms, ${pdfBytes} bytes`);

    t0 = performance.now();
    const run = await publishOpenData(db, now, config.publicBaseUrl);
    const snapshotSeconds = (performance.now() - t0) / 1000;
    const [sizes] = rowsOf<{ bytes: string; files: string }>(await db.execute(sql`select sum(size)::bigint as bytes, count(*) as files from open_data_files`));
    const perFile = rowsOf<{ name: string; size: number; records: number }>(await db.execute(sql`select name, size, records from open_data_files order by name`));
    log(`snapshot of the day: ${snapshotSeconds.toFixed(2)} s, ${Number(sizes!.bytes).toLocaleString("en")} bytes in ${sizes!.files} files (${perFile.map((f) => `${f.name} ${f.size}`).join(", ")})`);
    t0 = performance.now();
    const again = await publishOpenData(db, now, config.publicBaseUrl);
    const rerunMs = performance.now() - t0;
    if (!run.published || again.published) throw new Error("the snapshot should publish once");
    return {
      opendata_status_p50_ms: at(0.5),
      opendata_status_p95_ms: at(0.95),
      opendata_status_answer_bytes: answerBytes,
      opendata_status_pdf_ms: round(pdfMs, 0),
      opendata_status_pdf_bytes: pdfBytes,
      opendata_snapshot_s: round(snapshotSeconds, 2),
      opendata_snapshot_bytes: Number(sizes!.bytes),
      opendata_certificates_json_bytes: perFile.find((f) => f.name === "certificates.json")?.size ?? null,
      opendata_certificates_csv_bytes: perFile.find((f) => f.name === "certificates.csv")?.size ?? null,
      opendata_rerun_ms: round(rerunMs, 1),
      opendata_certificates: world.certificates,
      opendata_products: world.products,
      opendata_fixture_s: round(fixtureSeconds, 1),
      opendata_runs: RUNS,
    };
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP === "1") log(`kept database ${name}`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchOpenData();
  process.stdout.write(JSON.stringify(result) + "\n");
}
