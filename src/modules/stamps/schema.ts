import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "../accounts/schema.js";
import { certificates } from "../certificates/schema.js";
import { storedFiles } from "../files/schema.js";
import { products } from "../products/schema.js";
import { retailPoints } from "../retail/schema.js";

/*
 * QR traceability stamps. A stamp row holds only its random serial (stamp-code.ts); the printed code adds a
 * MAC under the server's key, recomputed when printing, so the database never holds what a forger would need
 * and a stolen dump cannot mint codes. A stamp's scan counts are the count of its rows in stamp_scans (read
 * when its view is loaded), so they cannot drift from the scans; the hot path only appends rows.
 */

export const BATCH_STATES = ["requested", "issued", "printed", "rejected"] as const;
export type BatchState = (typeof BATCH_STATES)[number];

export const stampBatches = pgTable(
  "stamp_batches",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id),
    /** The certificate in force when the batch was issued (a batch is issued only for a valid certificate). */
    certificateId: integer("certificate_id").references(() => certificates.id),
    quantity: integer("quantity").notNull(),
    state: text("state", { enum: BATCH_STATES }).notNull(),
    requestedBy: text("requested_by").references(() => users.id),
    requestNote: text("request_note"),
    issuedBy: text("issued_by").references(() => users.id),
    issuedAt: timestamp("issued_at", { withTimezone: true }),
    printedAt: timestamp("printed_at", { withTimezone: true }),
    rejectReason: text("reject_reason"),
    /** The client's Idempotency-Key of the request that issued it, so a retry returns this batch. */
    idempotencyKey: text("idempotency_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("stamp_batches_product_idx").on(t.productId),
    uniqueIndex("stamp_batches_idem_uq").on(t.issuedBy, t.idempotencyKey),
    check("stamp_batches_qty_ck", sql`${t.quantity} between 1 and 5000000`),
  ],
);

/** A production lot the stamps were affixed to when activated: what the consumer sees on the scan page. */
export const productionLots = pgTable(
  "production_lots",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id),
    lotNumber: text("lot_number").notNull(),
    producedOn: date("produced_on", { mode: "string" }).notNull(),
    expiresOn: date("expires_on", { mode: "string" }),
    quantity: integer("quantity").notNull(),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("production_lots_uq").on(t.productId, t.lotNumber)],
);

export const stamps = pgTable(
  "stamps",
  {
    // A cached sequence: a million stamps in one COPY take a thousand sequence writes, not a million.
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity({ cache: 1000 }),
    serial: text("serial").notNull(),
    /*
     * No foreign key: stamps are written only by insertStamps, in the transaction that issues their batch, and a
     * per-row foreign-key check doubled the time to issue a million (about 4 s of 7, measured with COPY).
     */
    batchId: integer("batch_id").notNull(),
    /** Position in the batch, 1…quantity: the print order, so a roll's stamps form a range. */
    seq: integer("seq").notNull(),
    lotId: integer("lot_id").references(() => productionLots.id),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
    voidedAt: timestamp("voided_at", { withTimezone: true }),
    voidReason: text("void_reason"),
  },
  (t) => [
    // COLLATE "C": byte order is all a random serial needs, and it makes building the index at 1M rows ~1.5× faster.
    uniqueIndex("stamps_serial_uq").on(sql`${t.serial} COLLATE "C"`),
    uniqueIndex("stamps_batch_seq_uq").on(t.batchId, t.seq),
    // Activations counted by period (the dashboard). Partial: a million stamps are issued unactivated, so the
    // issue's COPY adds nothing to it.
    index("stamps_activated_idx").on(t.activatedAt).where(sql`${t.activatedAt} is not null`),
  ],
);

/**
 * A stamp sold at an OCOP point of sale's till (optional: a shop that scans the pack when it sells it). One row
 * per stamp, never moved to another point: a later consumer scan then says where and when it was sold, so a
 * genuine stamp reused on a refilled pack shows. Kept beside the stamps rather than on them: a sale is a rare
 * write, and the stamps table is laid out for a million-row COPY.
 */
export const stampSales = pgTable(
  "stamp_sales",
  {
    stampId: bigint("stamp_id", { mode: "number" }).primaryKey(),
    retailPointId: integer("retail_point_id")
      .notNull()
      .references(() => retailPoints.id),
    soldAt: timestamp("sold_at", { withTimezone: true }).notNull(),
    soldBy: text("sold_by")
      .notNull()
      .references(() => users.id),
  },
  // Sales in time order: the EPCIS events (modules/epcis) page through them by instant.
  (t) => [index("stamp_sales_sold_idx").on(t.soldAt)],
);

/**
 * One recorded scan: when, the verdict shown, and a coarse place only (country and region from the edge). No
 * foreign key to stamps: scans are appended in bulk on the hot path and a stamp is never deleted.
 *
 * Partitioned by month (drizzle/0017_scans_by_month.sql; drizzle-kit does not model partitioning): RANGE on
 * `at`, one partition stamp_scans_YYYY_MM per UTC month and a DEFAULT partition for a scan no month covers,
 * made ahead by the daily job (services/scan-partitions.ts, rule in src/domain/scan-partitions.ts). A query
 * that bounds `at` reads only the months in its range; an old month is detached to be archived. The primary
 * key includes `at` because a partitioned table's unique keys must hold the partition key; ids stay unique, from
 * the one identity sequence.
 */
export const stampScans = pgTable(
  "stamp_scans",
  {
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity({ cache: 1000 }),
    stampId: bigint("stamp_id", { mode: "number" }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    country: text("country"),
    region: text("region"),
    verdict: text("verdict").notNull(),
    /** The same scanner (known only in memory, never stored) scanned this stamp within the hour before. */
    repeat: boolean("repeat").notNull().default(false),
    /**
     * How many scans the row stands for: 1 for a scanner's first scan in the hour; repeats are tallied in
     * memory and written as one row per stamp (and verdict and place) per minute, so a client hammering one
     * stamp adds a row a minute, not a row a request.
     */
    times: integer("times").notNull().default(1),
  },
  // Rows arrive in time order, so a BRIN index serves the reports' time ranges at a fraction of a B-tree's
  // upkeep on the hot path; the per-stamp index serves the scan page.
  (t) => [primaryKey({ columns: [t.id, t.at] }), index("stamp_scans_stamp_idx").on(t.stampId, t.at), index("stamp_scans_at_brin").using("brin", t.at)],
);

/**
 * Per Vietnam calendar month and product, the non-repeat scans and the stamps activated, for the days before
 * `scan_rollups.through`: refreshed by the daily job (services/scan-rollup.ts), so a year's figures sum at most twelve
 * rows per product instead of joining millions of scans (or a year of activations) to their stamps. Days from
 * `through` on are counted from the rows. Derived: it can be dropped and rebuilt at any time (except for archived
 * months, whose scan counts it keeps).
 */
export const stampMonthCounts = pgTable(
  "stamp_month_counts",
  {
    /** The first day of the month ("YYYY-MM-01"), Vietnam calendar. */
    month: date("month", { mode: "string" }).notNull(),
    productId: integer("product_id").notNull(),
    scans: integer("scans").notNull(),
    activated: integer("activated").notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.productId] })],
);

/**
 * Non-repeat scans per Vietnam day, product and coarse place, for the last 40 days before `scan_rollups.through`:
 * what the scan statistics (/stats/scans, 30 days) read instead of joining each scan to its stamp and batch. Rows
 * older than 40 days are dropped by the refresh (the monthly roll-up keeps the totals).
 */
export const stampScanDays = pgTable(
  "stamp_scan_days",
  {
    day: date("day", { mode: "string" }).notNull(),
    productId: integer("product_id").notNull(),
    country: text("country"),
    region: text("region"),
    scans: integer("scans").notNull(),
  },
  (t) => [index("stamp_scan_days_day_idx").on(t.day, t.productId)],
);

/** How far each roll-up of scans reaches: the days before `through` are in it. */
export const scanRollups = pgTable("scan_rollups", {
  name: text("name").primaryKey(),
  through: date("through", { mode: "string" }).notNull(),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull(),
});

export const REPORT_STATES = ["new", "investigating", "confirmed_fake", "dismissed"] as const;

/** A consumer's report of a suspected fake, from the scan page: a case for the provincial office. */
export const fakeReports = pgTable(
  "fake_reports",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** The code as typed or scanned (may be unknown or forged). */
    code: text("code"),
    stampId: bigint("stamp_id", { mode: "number" }),
    productId: integer("product_id").references(() => products.id),
    what: text("what").notNull(),
    place: text("place"),
    photoFileId: integer("photo_file_id").references(() => storedFiles.id),
    /** Only what the reporter chose to give, to be contacted back. */
    contact: text("contact"),
    state: text("state", { enum: REPORT_STATES }).notNull().default("new"),
    officeNote: text("office_note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("fake_reports_state_idx").on(t.state, t.id)],
);
