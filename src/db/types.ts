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
  /**
   * Calls `onPayload` for every NOTIFY on `channel` (from any process on this database, after its transaction
   * commits); resolves to the unsubscribe. Absent where a connection cannot outlive a request (the Worker).
   */
  listen?(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
};
