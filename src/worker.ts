import { loadConfig } from "./config.js";
import { openPostgres } from "./db/postgres.js";
import { createLogger } from "./lib/logger.js";
import { createPublicApp } from "./app.js";

type Env = {
  HYPERDRIVE: { connectionString: string };
  [key: string]: unknown;
};

type ExecutionContext = { waitUntil(p: Promise<unknown>): void };

/**
 * The edge entry: the public read paths only, built by the same factory code as the Node server. A Worker
 * may not reuse a TCP connection across requests, so each request gets its own small postgres.js client
 * through Hyperdrive (which pools the real connections) and closes it after responding.
 */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const strings = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === "string")) as Record<string, string>;
    // The edge writes no audit record, so it never holds the audit signing key.
    const config = loadConfig({ ...strings, DATABASE_URL: env.HYPERDRIVE.connectionString, DEMO_SEED: "off" }, { auditKey: false });
    const database = openPostgres(env.HYPERDRIVE.connectionString, 1);
    const app = createPublicApp({ config, database, logger: createLogger(config.logLevel, { runtime: "worker" }), now: () => new Date() });
    const response = await app.fetch(request);
    ctx.waitUntil(database.close());
    return response;
  },
};
