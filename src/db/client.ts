import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";

// No schema type: queries name their tables (each area's schema.ts), none uses drizzle's relational `db.query`.
export type Db = PgDatabase<PgQueryResultHKT>;
type NoSchema = Record<string, never>;
export type Tx = PgTransaction<PgQueryResultHKT, NoSchema, ExtractTablesWithRelations<NoSchema>>;
/** Query functions take either, so a caller can run them inside its own transaction. */
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  kind: "pglite" | "postgres";
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** postgres://… for a server; absent for the embedded PGlite. */
  url?: string | undefined;
  /** Folder for PGlite's files; absent keeps PGlite in memory (tests). */
  dataDir?: string | undefined;
  maxConnections?: number;
};

/** PGlite is loaded only when used, so the Worker bundle and server deployments never carry it. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    const { openPostgres } = await import("./postgres.js");
    return openPostgres(opts.url, opts.maxConnections ?? 10);
  }
  const { openPglite } = await import("./pglite.js");
  return openPglite(opts.dataDir);
}
