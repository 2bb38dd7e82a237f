import { sql } from "drizzle-orm";
import { check, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { CycleDeadlines } from "../../domain/cycle-deadlines.js";
import { LEVEL_CHAINS } from "../../domain/level-chain.js";
import { adminUnits } from "../units/schema.js";

/**
 * One province's OCOP cycle for one year: which chain of levels ideas pass through and the deadlines an
 * official set. Deadlines are data (validated by cycleDeadlinesSchema), never constants in code.
 */
export const cycles = pgTable(
  "cycles",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    provinceId: integer("province_id")
      .notNull()
      .references(() => adminUnits.id),
    year: integer("year").notNull(),
    chain: text("chain", { enum: LEVEL_CHAINS }).notNull(),
    deadlines: jsonb("deadlines").$type<CycleDeadlines>().notNull(),
    note: text("note"),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("cycles_province_year_uq").on(t.provinceId, t.year), check("cycles_year_ck", sql`${t.year} between 2018 and 2099`)],
);
