import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import type { Database, Db } from "./types.js";
import { MIGRATIONS_FOLDER } from "./migrations-folder.js";

/** The embedded default: real Postgres compiled to WASM, in `dataDir/pglite` or in memory. */
export async function openPglite(dataDir?: string): Promise<Database> {
  let dir: string | undefined;
  if (dataDir) {
    dir = join(dataDir, "pglite");
    mkdirSync(dir, { recursive: true });
  }
  const client = await PGlite.create(dir ? { dataDir: dir } : {});
  const db = drizzle({ client }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    migrate: () => migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: async () => {
      if (client.closed) throw new Error("database closed");
      await client.query("select 1");
    },
    close: () => client.close(),
    listen: (channel, onPayload) => client.listen(channel, onPayload),
  };
}
