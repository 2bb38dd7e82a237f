import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
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
    // Legal representative; gender and ethnicity are scored later (women- and minority-led producers).
    representativeName: text("representative_name"),
    representativeGender: text("representative_gender", { enum: ["female", "male", "other"] }),
    representativeEthnicity: text("representative_ethnicity"),
    // Giấy chứng nhận đăng ký kinh doanh / HTX: number and date of issue.
    registrationNumber: text("registration_number"),
    registrationDate: date("registration_date"),
    website: text("website"),
    // The producer chooses which contacts its public pages show; nothing personal is public by default.
    publicContacts: boolean("public_contacts").notNull().default(false),
    createdBy: text("created_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("producers_commune_idx").on(t.communeId), uniqueIndex("producers_tax_code_uq").on(t.taxCode)],
);
