import type { Database } from "./types.js";
export type { Database, Db, DbOrTx, Tx } from "./types.js";

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
