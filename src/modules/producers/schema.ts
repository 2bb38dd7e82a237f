import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { adminUnits } from "../units/schema.js";

// Chủ thể OCOP: HTX (cooperative), THT (cooperative group), DN (enterprise), HKD (household business).
export const PRODUCER_KINDS = ["htx", "tht", "dn", "hkd"] as const;

export const producers = pgTable(
  "producers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    kind: text("kind", { enum: PRODUCER_KINDS }).notNull(),
    taxCode: text("tax_code"),
    communeId: integer("commune_id")
      .notNull()
      .references(() => adminUnits.id),
    address: text("address").notNull(),
    phone: text("phone"),
    email: text("email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("producers_commune_idx").on(t.communeId)],
);
