import { spawn, type ChildProcess } from "node:child_process";
import autocannon from "autocannon";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openPostgres } from "../../src/db/postgres.js";
import { encodeStampCode } from "../../src/domain/stamp-code.js";
import { createLogger } from "../../src/lib/logger.js";
import { testConfig } from "../../src/config.js";
import { useAuditSigningKey } from "../../src/modules/audit/index.js";
import { useCredentialSigningKey } from "../../src/modules/certificates/index.js";
import { seedDemoIfEmpty } from "../seed-demo.js";
import { startLocalWorker } from "../worker/local.js";

/*
 * `npm run bench:worker`: GET /s/{code} (scan recorded) on the Worker (wrangler dev --local, workerd, through a
 * Hyperdrive local connection string) beside the Node server, on one fresh database with the demo data, in one
 * run: BENCH_SECONDS (default 10) at 50 connections each, codes drawn from the demo's activated stamps, the
 * Node server first, then the Worker. Prints one JSON line: worker_rps, node_rps, worker_to_node, and every
 * answered scan as a row (scans_answered, scans_recorded). BENCH_DATABASE_URL as for `npm run bench`.
 */

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const NODE_PORT = Number(process.env.BENCH_PORT ?? 3979);
const WORKER_PORT = NODE_PORT + 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const KEY = "bench-stamp-key-".padEnd(48, "x");
const SESSION = "bench-session-secret-".padEnd(48, "y");
const log = (m: string) => process.stderr.write(`[bench:worker] ${m}\n`);

async function load(base: string, codes: string[], prefix = "/s/"): Promise<{ rps: number; p99: number; ok: number; failed: number }> {
  let i = 0;
  const r = await autocannon({
    url: base,
    connections: 50,
    duration: SECONDS,
    headers: { accept: "text/html", "user-agent": "bench-phone" },
    requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: `${prefix}${codes[i++ % codes.length]}` }) }],
  });
  // Reported, not thrown: the Worker opens a connection per request, and under this load some fail (see README).
  return { rps: r.requests.average, p99: r.latency.p99, ok: r["2xx"], failed: r.non2xx + r.errors };
}

async function waitFor(url: string, seconds: number) {
  for (let i = 0; i < seconds * 4; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer`);
}

async function main() {
  const name = `ocop_bench_w_${Date.now()}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), 2);
  let node: ChildProcess | undefined;
  let worker: Awaited<ReturnType<typeof startLocalWorker>> | undefined;
  try {
    await database.migrate();
    // The demo's writes are audited, and audit records are signed (a throwaway key: this database is dropped).
    useAuditSigningKey(testConfig().auditSigningKey);
    // The demo's upgrade supersedes a certificate, which re-signs its authority's status list (issue 19).
    useCredentialSigningKey(testConfig());
    await seedDemoIfEmpty(database.db, { logger: createLogger("silent"), now: new Date(), stamps: { publicBaseUrl: "http://127.0.0.1", stampKey: KEY } });
    const rows = (await database.db.execute(sql`select serial from stamps where activated_at is not null and voided_at is null`)) as unknown as { serial: string }[];
    const codes = rows.map((r) => encodeStampCode(r.serial, KEY));
    log(`${codes.length} activated demo stamps`);
    // The load comes from one address: a budget no run reaches keeps the limiter on the path without refusing the load.
    const env = { DATABASE_URL: url.toString(), LOG_LEVEL: "warn", DEMO_SEED: "off", STAMP_KEY: KEY, SESSION_SECRET: SESSION, SCAN_RATE_LIMIT: "1000000000" };
    node = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], { env: { ...process.env, ...env, PORT: String(NODE_PORT), HOST: "127.0.0.1" }, stdio: ["ignore", "ignore", "inherit"] });
    await waitFor(`http://127.0.0.1:${NODE_PORT}/healthz`, 60);
    worker = await startLocalWorker({ databaseUrl: url.toString(), port: WORKER_PORT, vars: { STAMP_KEY: KEY, SESSION_SECRET: SESSION, LOG_LEVEL: "warn", SCAN_RATE_LIMIT: "1000000000" } });
    // Warm both (JIT, the isolate, the view caches) before measuring.
    for (const base of [`http://127.0.0.1:${NODE_PORT}`, worker.url]) for (const c of codes) await fetch(`${base}/s/${c}`);
    log(`node: ${SECONDS} s…`);
    const n = await load(`http://127.0.0.1:${NODE_PORT}`, codes);
    log(`worker: ${SECONDS} s…`);
    const w = await load(worker.url, codes);
    // The local runtime's own ceiling: a path the Worker answers 404 without the app's database or cache (wrangler
    // dev's proxy and workerd on this machine), so worker_rps can be read against what the runtime allows here.
    log(`worker floor: ${SECONDS} s…`);
    const floor = await load(worker.url, codes, "/no-such-path/");
    // The Worker's last rows are written after their responses: give them until the count stops growing.
    let last = -1;
    for (let i = 0; i < 40; i++) {
      const [c] = (await database.db.execute(sql`select coalesce(sum(times), 0)::int as n from stamp_scans`)) as unknown as { n: number }[];
      if (c!.n === last) break;
      last = c!.n;
      await new Promise((r) => setTimeout(r, 500));
    }
    await worker.stop();
    worker = undefined;
    node.kill("SIGTERM");
    await new Promise((r) => node!.once("exit", r));
    node = undefined;
    const [count] = (await database.db.execute(sql`select coalesce(sum(times), 0)::int as n from stamp_scans`)) as unknown as { n: number }[];
    const answered = n.ok + w.ok + codes.length * 2;
    console.log(JSON.stringify({ worker_rps: Math.round(w.rps), node_rps: Math.round(n.rps), worker_to_node: Math.round((w.rps / n.rps) * 100) / 100, worker_floor_rps: Math.round(floor.rps), worker_to_floor: Math.round((w.rps / floor.rps) * 100) / 100, worker_p99_ms: w.p99, node_p99_ms: n.p99, worker_failed: w.failed, node_failed: n.failed, scans_answered: answered, scans_recorded: count!.n, seconds: SECONDS }));
  } finally {
    await worker?.stop();
    node?.kill("SIGTERM");
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
