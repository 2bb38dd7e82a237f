import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { PLAN_ACTIONS, PLAN_STATES } from "../../domain/plan-workflow.js";
import { cycles } from "../cycles/schema.js";
import { productIdeas } from "../ideas/schema.js";
import { producers } from "../producers/schema.js";
import { adminUnits } from "../units/schema.js";

const vnd = (name: string) => bigint(name, { mode: "bigint" });

/**
 * A business plan (phương án sản xuất kinh doanh) for an approved idea, one per idea. Money is whole đồng in
 * bigint columns, as src/domain/budget.ts holds it; the checks repeat the domain's bounds so nothing bad
 * reaches the table even from a buggy caller.
 */
export const businessPlans = pgTable(
  "business_plans",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    ideaId: integer("idea_id")
      .notNull()
      .references(() => productIdeas.id),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producers.id),
    communeId: integer("commune_id")
      .notNull()
      .references(() => adminUnits.id),
    state: text("state", { enum: PLAN_STATES }).notNull().default("draft"),
    attempt: integer("attempt").notNull().default(1),
    production: text("production").notNull(),
    rawMaterialArea: text("raw_material_area").notNull(),
    technology: text("technology").notNull(),
    packaging: text("packaging").notNull(),
    markets: text("markets").notNull(),
    revenueYear1: vnd("revenue_year1").notNull(),
    revenueYear2: vnd("revenue_year2").notNull(),
    revenueYear3: vnd("revenue_year3").notNull(),
    profitYear1: vnd("profit_year1").notNull(),
    profitYear2: vnd("profit_year2").notNull(),
    profitYear3: vnd("profit_year3").notNull(),
    ownCapital: vnd("own_capital").notNull(),
    loans: vnd("loans").notNull(),
    otherSources: vnd("other_sources").notNull(),
    requestedSupport: vnd("requested_support").notNull(),
    /** Dự toán ngân sách hỗ trợ set by the approving level; null until approved. */
    estimatedStateSupport: vnd("estimated_state_support"),
    lastReason: text("last_reason"),
    approvedBy: text("approved_by"),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("business_plans_idea_uq").on(t.ideaId),
    index("business_plans_cycle_state_idx").on(t.cycleId, t.state),
    index("business_plans_commune_idx").on(t.communeId),
    check(
      "business_plans_amounts_ck",
      sql`${t.ownCapital} between 0 and 1000000000000000 and ${t.loans} between 0 and 1000000000000000 and ${t.otherSources} between 0 and 1000000000000000 and ${t.requestedSupport} between 0 and 1000000000000000 and coalesce(${t.estimatedStateSupport}, 0) between 0 and 1000000000000000`,
    ),
    check("business_plans_approved_ck", sql`(${t.state} = 'approved') = (${t.estimatedStateSupport} is not null and ${t.approvedAt} is not null)`),
  ],
);

export const PLAN_EVENT_KINDS = ["create", "edit", ...PLAN_ACTIONS] as const;

/** The history of a plan, with the plan as submitted at each (re)submission. Append-only. */
export const planEvents = pgTable(
  "plan_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    planId: integer("plan_id")
      .notNull()
      .references(() => businessPlans.id),
    attempt: integer("attempt").notNull(),
    kind: text("kind", { enum: PLAN_EVENT_KINDS }).notNull(),
    fromState: text("from_state", { enum: PLAN_STATES }),
    toState: text("to_state", { enum: PLAN_STATES }).notNull(),
    actorId: text("actor_id"),
    actorRole: text("actor_role"),
    reason: text("reason"),
    /** The plan at a (re)submission; amounts as decimal strings (JSON has no bigint). */
    snapshot: text("snapshot"),
    estimatedStateSupport: vnd("estimated_state_support"),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("plan_events_plan_idx").on(t.planId, t.id)],
);
