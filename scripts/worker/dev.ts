import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { createLogger } from "../../src/lib/logger.js";
import { useCredentialSigningKey } from "../../src/modules/certificates/index.js";
import { seedDemoIfEmpty } from "../seed-demo.js";
import { startLocalWorker } from "./local.js";

/*
 * `npm run worker:dev`: the Worker on this machine (wrangler dev --local, workerd) against DATABASE_URL, as it
 * runs at the edge against Hyperdrive. The database is migrated and, when empty, given the demo data, as
 * `npm start` does; the Worker gets the Node server's secrets (from the environment, or DATA_DIR/secrets.json),
 * so both accept the same stamp codes. WORKER_PORT (default 8787); the origin for the paths the edge hands on
 * is the Node server at PORT (default 3000).
 */

const config = loadConfig();
if (!config.databaseUrl) {
  console.error("worker:dev needs DATABASE_URL (postgres://…): a Worker reaches PostgreSQL over TCP only, not the embedded PGlite.");
  process.exit(2);
}
const logger = createLogger(config.logLevel);
const database = await openDatabase({ url: config.databaseUrl });
await database.migrate();
// The demo's certificates are issued with their credentials, which the Worker then serves as stored.
useCredentialSigningKey(config);
if (config.demoSeed) await seedDemoIfEmpty(database.db, { logger, now: new Date(), stamps: { publicBaseUrl: config.publicBaseUrl, stampKey: config.secrets.stampKey } });
await database.close();

const port = Number(process.env["WORKER_PORT"] ?? 8787);
const worker = await startLocalWorker({
  databaseUrl: config.databaseUrl,
  port,
  inherit: true,
  vars: {
    STAMP_KEY: config.secrets.stampKey,
    SESSION_SECRET: config.secrets.sessionSecret,
    PUBLIC_BASE_URL: config.publicBaseUrl,
    ORIGIN_URL: `http://localhost:${config.port}`,
    NODE_ENV: "development",
    LOG_LEVEL: config.logLevel,
  },
});
logger.info("worker ready", { url: worker.url, scan: `${worker.url}/registry` });
const stop = () => void worker.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
