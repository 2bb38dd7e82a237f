import cluster, { type Worker } from "node:cluster";
import { serve } from "@hono/node-server";
import type { Deps } from "./http/env.js";
import { createApp } from "./app.js";
import { loadConfig, type Config } from "./config.js";
import { openDatabase, type Database } from "./db/client.js";
import { createLogger, type Logger } from "./lib/logger.js";
import { startDailyCertificateJob } from "./jobs/daily.js";
import { stopStampRuntime } from "./modules/stamps/index.js";
import { useAuditSigningKey } from "./modules/audit/index.js";
import { useCredentialSigningKey } from "./modules/certificates/index.js";
import { startWebhookDispatcher } from "./modules/watch/index.js";
import { seedDemoIfEmpty } from "../scripts/seed-demo.js";

/*
 * The Node server. WORKERS=1 (the default): this process migrates, seeds, runs the background jobs and serves.
 * WORKERS=N > 1 (PostgreSQL only): this process is a cluster primary that migrates and seeds once, runs the
 * background jobs (one copy per host), and forks N workers that share PORT (Node's cluster module hands them
 * the connections in turn). A worker that dies is forked again (with a growing pause if it keeps dying at
 * start); SIGTERM or SIGINT to the primary stops the workers gracefully (each finishes its requests and writes
 * its buffered scans), then the primary. Each worker is one "server process" of the README's section on
 * several processes: its own scan cache (kept true by LISTEN/NOTIFY), scan buffer and rate-limit share.
 */

const config = loadConfig();
const isWorker = cluster.isWorker;
const logger = createLogger(config.logLevel, { service: "ocop-registry", ...(isWorker ? { worker: cluster.worker!.id, pid: process.pid } : {}) });

if (config.workers > 1 && !config.databaseUrl) throw new Error("WORKERS > 1 needs DATABASE_URL: the embedded PGlite is one process's database");

async function openAndPrepare(): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  // Before the demo seed, which writes audit records: each is anchored by checkpoints signed with this key.
  useAuditSigningKey(config.auditSigningKey);
  // The demo's certificates get their verifiable credentials signed with this key.
  useCredentialSigningKey(config);
  // A cluster's workers find the database migrated and seeded by the primary.
  if (isWorker) return database;
  await database.migrate();
  logger.info("database ready", { kind: database.kind, location: config.databaseUrl ? "DATABASE_URL" : config.dataDir });
  if (config.demoSeed) await seedDemoIfEmpty(database.db, { logger, now: new Date(), stamps: { publicBaseUrl: config.publicBaseUrl, stampKey: config.secrets.stampKey } });
  return database;
}

/** Watchers' webhooks and the daily certificate job: once per host (the single process, or the primary). */
function startBackground(database: Database) {
  const stopDispatcher = startWebhookDispatcher({ db: database.db, now: () => new Date(), allowPrivate: config.webhookAllowPrivate, logger });
  const stopDaily = startDailyCertificateJob({ db: database.db, now: () => new Date(), publicBaseUrl: config.publicBaseUrl, logger });
  return async () => {
    stopDaily();
    await stopDispatcher();
  };
}

function onStopSignals(shutdown: (signal: string) => Promise<void>) {
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/** One serving process: the only one (WORKERS=1) or a cluster worker. */
async function serveHere() {
  const database = await openAndPrepare();
  const deps: Deps = { config, database, logger, now: () => new Date() };
  const app = createApp(deps);
  const stopBackground = isWorker ? async () => {} : startBackground(database);
  // Which worker answered, for the benchmark and the cluster test (BENCH_ROUTES only, never in production).
  const fetch: typeof app.fetch = isWorker && config.benchRoutes ? withWorkerPid(app.fetch) : app.fetch;
  const server = serve({ fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info("listening", { url: `http://localhost:${info.port}`, publicBaseUrl: config.publicBaseUrl });
  });

  // Stop taking requests, let in-flight ones finish, then close the database so PGlite flushes to disk.
  let stopping = false;
  onStopSignals(async (signal) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stopBackground();
    // Scans answered but still buffered are written before the database closes.
    await stopStampRuntime(deps);
    await database.close();
    logger.info("stopped");
    process.exit(0);
  });
  // A worker whose primary is gone (killed without a chance to stop it) stops too rather than linger.
  if (isWorker) cluster.worker!.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
}

function withWorkerPid(fetch: (req: Request, ...rest: never[]) => Response | Promise<Response>) {
  const pid = String(process.pid);
  return (async (req: Request, ...rest: never[]) => {
    const res = await fetch(req, ...rest);
    if (req.headers.has("x-bench-pid")) res.headers.set("x-worker-pid", pid);
    return res;
  }) as never;
}

/** The cluster primary: prepares the database once, runs the background jobs, keeps N workers alive. */
async function runPrimary(cfg: Config, log: Logger) {
  const database = await openAndPrepare();
  const stopBackground = startBackground(database);
  let stopping = false;
  // Restarts of workers that died soon after starting, to pause longer each time a start keeps failing.
  let quickDeaths = 0;
  const startedAt = new Map<Worker, number>();
  const fork = () => {
    const w = cluster.fork();
    startedAt.set(w, Date.now());
  };
  cluster.on("listening", (w, address) => log.info("worker listening", { worker: w.id, pid: w.process.pid, port: address.port }));
  cluster.on("exit", (w, code, signal) => {
    const lived = Date.now() - (startedAt.get(w) ?? 0);
    startedAt.delete(w);
    if (stopping) return;
    quickDeaths = lived < 10_000 ? quickDeaths + 1 : 0;
    const pause = quickDeaths === 0 ? 0 : Math.min(30_000, 250 * 2 ** quickDeaths);
    log.error("worker died; starting another", { worker: w.id, pid: w.process.pid, code, signal, livedMs: lived, pauseMs: pause });
    setTimeout(fork, pause).unref();
  });
  for (let i = 0; i < cfg.workers; i++) fork();
  log.info("cluster started", { workers: cfg.workers, port: cfg.port });

  onStopSignals(async (signal) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down workers", { signal, workers: Object.keys(cluster.workers ?? {}).length });
    // Each worker stops as a single server does (10 s at most, then it exits on its own); a worker still there
    // after 15 s is killed.
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    await Promise.all(
      alive.map(
        (w) =>
          new Promise<void>((resolve) => {
            const kill = setTimeout(() => w.process.kill("SIGKILL"), 15_000);
            w.once("exit", () => (clearTimeout(kill), resolve()));
            w.process.kill("SIGTERM");
          }),
      ),
    );
    await stopBackground();
    await database.close();
    log.info("stopped");
    process.exit(0);
  });
}

if (config.workers > 1 && cluster.isPrimary) await runPrimary(config, logger);
else await serveHere();
