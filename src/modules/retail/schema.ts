import { doublePrecision, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { products } from "../products/schema.js";
import { adminUnits } from "../units/schema.js";
import { RETAIL_KINDS } from "../../domain/retail-kinds.js";

// Điểm giới thiệu và bán sản phẩm OCOP.
export const retailPoints = pgTable(
  "retail_points",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    communeId: integer("commune_id")
      .notNull()
      .references(() => adminUnits.id),
    address: text("address").notNull(),
    /** Decision 950/QĐ-BCT: an OCOP showroom, a shop, a supermarket shelf, a stall at a tourist site, online. */
    kind: text("kind", { enum: RETAIL_KINDS }).notNull().default("shop"),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("retail_points_commune_idx").on(t.communeId)],
);

/** The products a retail point stocks: it is warned when one's certificate stops being valid. */
export const retailStock = pgTable(
  "retail_stock",
  {
    retailPointId: integer("retail_point_id")
      .notNull()
      .references(() => retailPoints.id),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.retailPointId, t.productId] })],
);
