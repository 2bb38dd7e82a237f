import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * Administrative units form a dated tree. Official codes are reused across reforms (a new ward may keep the
 * code of one of the communes merged into it), so a unit is identified by a surrogate id and (code, validFrom).
 */
export const adminUnits = pgTable(
  "admin_units",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    // tỉnh / thành phố / thị xã / huyện / phường / xã / thị trấn / đặc khu, as officially named
    kind: text("kind").notNull(),
    // "country" is the one unit standing for the whole country (the Ministry's level, src/domain/roles.ts):
    // no province is its child, and the units tree and API leave it out.
    level: text("level", { enum: ["country", "province", "district", "commune"] }).notNull(),
    parentId: integer("parent_id"),
    validFrom: date("valid_from").notNull(),
    // Exclusive end date; null while the unit exists.
    validTo: date("valid_to"),
    // Dotted chain of ancestor ids ending with this id ("1.5.88"), so scope checks need no recursion.
    path: text("path").notNull(),
    source: text("source").notNull(),
  },
  (t) => [
    uniqueIndex("admin_units_code_valid_from_uq").on(t.code, t.validFrom),
    index("admin_units_parent_idx").on(t.parentId),
    index("admin_units_path_idx").on(t.path),
    check("admin_units_valid_range_ck", sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
  ],
);

/** Old → new unit mapping of a reform (a commune merged into a new one). A split shows as several rows. */
export const adminUnitSuccessions = pgTable(
  "admin_unit_successions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    predecessorId: integer("predecessor_id").notNull().references(() => adminUnits.id),
    successorId: integer("successor_id").notNull().references(() => adminUnits.id),
    effectiveDate: date("effective_date").notNull(),
    legalBasis: text("legal_basis").notNull(),
    // true when only part of the predecessor went to this successor
    partial: integer("partial").notNull().default(0),
  },
  (t) => [
    uniqueIndex("admin_unit_successions_uq").on(t.predecessorId, t.successorId),
    index("admin_unit_successions_successor_idx").on(t.successorId),
  ],
);
