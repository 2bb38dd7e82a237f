import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { adminUnits } from "../units/schema.js";

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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("retail_points_commune_idx").on(t.communeId)],
);
