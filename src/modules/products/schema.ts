import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "../accounts/schema.js";
import { cycles } from "../cycles/schema.js";
import { storedFiles } from "../files/schema.js";
import { businessPlans } from "../plans/schema.js";
import { producers } from "../producers/schema.js";
import { adminUnits } from "../units/schema.js";
import { SHOP_LINK_KINDS, SHOP_LINK_STATUSES } from "../../domain/shop-links.js";

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

/**
 * The producer's own shop links for a product (website, marketplace and social pages), shown under "where to
 * buy" on the product's public page and the scan page once the provincial office approves them. A link's life
 * is pending → approved | rejected, and the producer may withdraw it at any time; rows are kept, so what
 * consumers were shown, and who approved it, stays on record.
 */
export const productShopLinks = pgTable(
  "product_shop_links",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id),
    kind: text("kind", { enum: SHOP_LINK_KINDS }).notNull(),
    url: text("url").notNull(),
    label: text("label"),
    status: text("status", { enum: SHOP_LINK_STATUSES }).notNull().default("pending"),
    proposedBy: text("proposed_by")
      .notNull()
      .references(() => users.id),
    proposedAt: timestamp("proposed_at", { withTimezone: true }).notNull(),
    decidedBy: text("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    reason: text("reason"),
  },
  (t) => [index("product_shop_links_product_idx").on(t.productId, t.status), index("product_shop_links_status_idx").on(t.status)],
);
