import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createApp } from "../../src/app.js";
import type { Deps } from "../../src/http/env.js";
import { type Config, testConfig } from "../../src/config.js";
import { type Database, openDatabase } from "../../src/db/client.js";
import { createLogger } from "../../src/lib/logger.js";
import { useAuditSigningKey } from "../../src/modules/audit/index.js";
import { useCredentialSigningKey } from "../../src/modules/certificates/index.js";

export type TestClock = { now: () => Date; set(d: Date | string): void; advance(ms: number): void };

export function testClock(start: Date | string = "2026-03-01T03:00:00Z"): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => {
      t = new Date(d).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/**
 * A database of the test file's own: in-memory PGlite by default, or a fresh database on the server named
 * by DATABASE_URL (created here, migrated with the committed migrations, dropped in `close`).
 */
export async function isolatedDatabase(config: Config = testConfig()): Promise<Database & { drop(): Promise<void> }> {
  // Audit records written straight through the services (without an app) are signed like the app's.
  useAuditSigningKey(config.auditSigningKey);
  // So are the credentials of certificates issued that way.
  useCredentialSigningKey(config);
  if (!config.databaseUrl) {
    const database = await openDatabase({});
    await database.migrate();
    return { ...database, drop: () => database.close() };
  }
  const name = `ocop_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(config.databaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(config.databaseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: 4 });
  await database.migrate();
  return {
    ...database,
    drop: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export type TestApp = {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  clock: TestClock;
  database: Database;
  close(): Promise<void>;
};

export async function createTestApp(opts: { config?: Partial<Config>; clock?: TestClock } = {}): Promise<TestApp> {
  const config = testConfig(opts.config);
  const database = await isolatedDatabase(config);
  const clock = opts.clock ?? testClock();
  const deps: Deps = { config, database, logger: createLogger("silent"), now: clock.now };
  return { app: createApp(deps), deps, clock, database, close: () => database.drop() };
}
