import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "../accounts/schema.js";
import { cycles } from "../cycles/schema.js";
import { storedFiles } from "../files/schema.js";
import { businessPlans } from "../plans/schema.js";
import { producers } from "../producers/schema.js";
import { adminUnits } from "../units/schema.js";

/**
 * An OCOP product: what councils evaluate and stamps point to. Born from an approved business plan (plan_id);
 * products certified before this registry existed can be imported without one. The code parts are kept
 * apart so the commune's running number is unique per year and the code text is derived once
 * (src/domain/product-code.ts).
 */
export const products = pgTable(
  "products",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    planId: integer("plan_id").references(() => businessPlans.id),
    cycleId: integer("cycle_id").references(() => cycles.id),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producers.id),
    communeId: integer("commune_id")
      .notNull()
      .references(() => adminUnits.id),
    name: text("name").notNull(),
    criteriaSetId: integer("criteria_set_id").notNull(),
    code: text("code").notNull(),
    codeProvince: text("code_province").notNull(),
    codeCommune: text("code_commune").notNull(),
    codeSerial: integer("code_serial").notNull(),
    codeYear: integer("code_year").notNull(),
    description: text("description"),
    /** GTIN-8/12/13/14 (check digit verified) when the product carries a barcode: enables GS1 Digital Link. */
    gtin: text("gtin"),
    /** Standards the product applies (TCCS, TCVN, VietGAP…), shown to consumers on the scan page. */
    standards: text("standards"),
    /** The official named to guide the product's development (cán bộ phụ trách). */
    responsibleUserId: text("responsible_user_id").references(() => users.id),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("products_code_uq").on(t.code),
    uniqueIndex("products_serial_uq").on(t.codeCommune, t.codeYear, t.codeSerial),
    uniqueIndex("products_plan_uq").on(t.planId),
    uniqueIndex("products_gtin_uq").on(t.gtin),
    index("products_commune_idx").on(t.communeId),
    index("products_producer_idx").on(t.producerId),
    check("products_set_ck", sql`${t.criteriaSetId} between 1 and 26`),
  ],
);

/** A product photo: the web-sized and thumbnail re-encodings (the upload itself is not kept: it may carry GPS). */
export const productPhotos = pgTable(
  "product_photos",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id),
    webFileId: integer("web_file_id")
      .notNull()
      .references(() => storedFiles.id),
    thumbFileId: integer("thumb_file_id")
      .notNull()
      .references(() => storedFiles.id),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    caption: text("caption"),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [index("product_photos_product_idx").on(t.productId)],
);
