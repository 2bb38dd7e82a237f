import { bigint, date, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { bytea } from "../files/schema.js";

/*
 * The registry's daily open data: each day's files (JSON and CSV) and the manifest that lists them with their
 * SHA-256, chained to the previous day's manifest and to the audit chain's signed head. Both tables are
 * append-only (a trigger in the migration refuses UPDATE, DELETE and TRUNCATE): what was published on a day is
 * what anyone downloads from it for ever, and a verifier's copy can be compared byte for byte.
 */

export const openDataFiles = pgTable(
  "open_data_files",
  {
    /** The Vietnam calendar day (Asia/Ho_Chi_Minh) the registry is published as of. */
    day: date("day", { mode: "string" }).notNull(),
    /** "certificates.json", "producers.csv", … */
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    bytes: bytea("bytes").notNull(),
    /** Hex SHA-256 of `bytes`: the file's strong ETag and its line in the manifest. */
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    records: integer("records").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.name] })],
);

export const openDataManifests = pgTable(
  "open_data_manifests",
  {
    day: date("day", { mode: "string" }).primaryKey(),
    /** The manifest's JSON exactly as served at /open-data/{day}/manifest.json. */
    bytes: bytea("bytes").notNull(),
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    /** The SHA-256 of the previous published day's manifest (64 zeros for the first): the chain of days. */
    previousSha256: text("previous_sha256").notNull(),
    auditSeq: bigint("audit_seq", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("open_data_manifests_sha_idx").on(t.sha256)],
);
