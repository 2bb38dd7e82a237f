import { serve } from "@hono/node-server";
import type { Deps } from "./http/env.js";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { createLogger } from "./lib/logger.js";
import { startDailyCertificateJob } from "./jobs/daily.js";
import { stopStampRuntime } from "./modules/stamps/index.js";
import { useAuditSigningKey } from "./modules/audit/index.js";
import { startWebhookDispatcher } from "./modules/watch/index.js";
import { seedDemoIfEmpty } from "../scripts/seed-demo.js";

const config = loadConfig();
const logger = createLogger(config.logLevel, { service: "ocop-registry" });
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
await database.migrate();
logger.info("database ready", { kind: database.kind, location: config.databaseUrl ? "DATABASE_URL" : config.dataDir });
// Before the demo seed, which writes audit records: each is anchored by checkpoints signed with this key.
useAuditSigningKey(config.auditSigningKey);
if (config.demoSeed) await seedDemoIfEmpty(database.db, { logger, now: new Date(), stamps: { publicBaseUrl: config.publicBaseUrl, stampKey: config.secrets.stampKey } });

const deps: Deps = { config, database, logger, now: () => new Date() };
const app = createApp(deps);
// Background work of the Node server (not the Worker): watchers' webhooks, and the daily certificate job.
const stopDispatcher = startWebhookDispatcher({ db: database.db, now: () => new Date(), allowPrivate: config.webhookAllowPrivate, logger });
const stopDaily = startDailyCertificateJob({ db: database.db, now: () => new Date(), logger });
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  logger.info("listening", { url: `http://localhost:${info.port}`, publicBaseUrl: config.publicBaseUrl });
});

// Stop taking requests, let in-flight ones finish, then close the database so PGlite flushes to disk.
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info("shutting down", { signal });
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  stopDaily();
  await stopDispatcher();
  // Scans answered but still buffered are written before the database closes.
  await stopStampRuntime(deps);
  await database.close();
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
