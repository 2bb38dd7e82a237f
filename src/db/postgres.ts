import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database, Db } from "./types.js";

export function openPostgres(url: string, maxConnections = 10): Database {
  const client = postgres(url, {
    max: maxConnections,
    onnotice: () => {},
    connection: { application_name: "ocop-registry" },
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
