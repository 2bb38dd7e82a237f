import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { IDEA_ACTIONS, IDEA_STATES } from "../../domain/idea-workflow.js";
import { cycles } from "../cycles/schema.js";
import { storedFiles } from "../files/schema.js";
import { producers } from "../producers/schema.js";
import { adminUnits } from "../units/schema.js";

/**
 * A product idea (phiếu đăng ký ý tưởng sản phẩm) in one cycle. The row holds the current form and state; every
 * step, with the form as it was sent at each submission, is kept in idea_events, so no attempt is ever lost.
 * The commune is fixed when the idea is created: it decides whose inbox the idea lands in for the whole cycle,
 * even if the producer moves later.
 */
export const productIdeas = pgTable(
  "product_ideas",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => cycles.id),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producers.id),
    communeId: integer("commune_id")
      .notNull()
      .references(() => adminUnits.id),
    state: text("state", { enum: IDEA_STATES }).notNull().default("draft"),
    attempt: integer("attempt").notNull().default(1),
    name: text("name").notNull(),
    description: text("description").notNull(),
    coreBenefit: text("core_benefit").notNull(),
    rawMaterials: text("raw_materials").notNull(),
    rawMaterialOrigin: text("raw_material_origin").notNull(),
    packaging: text("packaging").notNull(),
    expectedMarket: text("expected_market").notNull(),
    /** Null only in a draft whose group is not chosen yet: sending the form requires it. */
    criteriaSetId: integer("criteria_set_id"),
    /** The reason of the last return or rejection, shown to the producer until the next submission. */
    lastReason: text("last_reason"),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("product_ideas_cycle_state_idx").on(t.cycleId, t.state),
    index("product_ideas_commune_idx").on(t.communeId),
    index("product_ideas_producer_idx").on(t.producerId),
    check("product_ideas_set_ck", sql`${t.criteriaSetId} between 1 and 26`),
    check("product_ideas_attempt_ck", sql`${t.attempt} >= 1`),
  ],
);

export const IDEA_EVENT_KINDS = ["create", "edit", ...IDEA_ACTIONS] as const;

/** The history of an idea: each transition, who took it, why, and the form as submitted. Append-only. */
export const ideaEvents = pgTable(
  "idea_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    ideaId: integer("idea_id")
      .notNull()
      .references(() => productIdeas.id),
    attempt: integer("attempt").notNull(),
    kind: text("kind", { enum: IDEA_EVENT_KINDS }).notNull(),
    fromState: text("from_state", { enum: IDEA_STATES }),
    toState: text("to_state", { enum: IDEA_STATES }).notNull(),
    actorId: text("actor_id"),
    actorRole: text("actor_role"),
    reason: text("reason"),
    /** The registration form at a submission or resubmission: what the officials decided on. */
    form: jsonb("form"),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("idea_events_idea_idx").on(t.ideaId, t.id)],
);

/** Files attached to the registration form (photos of samples, raw material certificates…). */
export const ideaAttachments = pgTable(
  "idea_attachments",
  {
    ideaId: integer("idea_id")
      .notNull()
      .references(() => productIdeas.id),
    fileId: integer("file_id")
      .notNull()
      .references(() => storedFiles.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ideaId, t.fileId] })],
);
