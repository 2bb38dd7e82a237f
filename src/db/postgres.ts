import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database, Db } from "./types.js";

export function openPostgres(url: string, maxConnections = 10): Database {
  const client = postgres(url, {
    max: maxConnections,
    onnotice: () => {},
    connection: { application_name: "ocop-registry" },
    // A restart or failover takes a second or a few. postgres.js waits up to 20 s between attempts once a few
    // have failed, and every query queued meanwhile waits as long: a scan then answers seconds late even when
    // it could be answered from its cached view. Retry at most a second apart, and give up a connection
    // attempt after 5 s (an unreachable host), so clients get their 503 and Retry-After promptly.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    connect_timeout: 5,
  });
  const db = drizzle({ client }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    migrate: async () => {
      const { MIGRATIONS_FOLDER } = await import("./migrations-folder.js");
      await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
    // postgres.js keeps one extra connection for LISTEN and reconnects it (and re-listens) after a restart.
    listen: async (channel, onPayload) => {
      const { unlisten } = await client.listen(channel, (payload) => onPayload(payload));
      return unlisten;
    },
  };
}
