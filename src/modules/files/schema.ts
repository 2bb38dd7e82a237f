import { customType, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Raw bytes. postgres.js hands back a Buffer and PGlite a Uint8Array; both are Uint8Array to callers. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (v) => v,
  fromDriver: (v) => (v instanceof Uint8Array ? v : new Uint8Array(v as ArrayBuffer)),
});

/**
 * Uploaded and derived files (idea attachments, product photos and their thumbnails), kept in the database so
 * both databases, backups and the Worker see the same thing and a row's transaction covers its file. Files
 * are immutable: a new version is a new row. Who may read one is decided by the record that points to it.
 */
export const storedFiles = pgTable(
  "stored_files",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    bytes: bytea("bytes").notNull(),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("stored_files_sha_idx").on(t.sha256)],
);

export type StoredFile = typeof storedFiles.$inferSelect;
