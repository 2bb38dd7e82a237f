import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { EVENT_KINDS, INDICATOR_RULES, type RuleParams } from "../../domain/programme-indicators.js";
import { users } from "../accounts/schema.js";
import { producers } from "../producers/schema.js";
import { adminUnits } from "../units/schema.js";

/*
 * Running the programme (issue 17): the year's plan with its indicators, and the training and trade events with
 * who took part. Progress is never stored: it is measured from the registry's tables on each read
 * (src/domain/programme-indicators.ts), so it cannot drift from the certificates, producers and points of sale.
 */

/** Kế hoạch thực hiện Chương trình OCOP năm N, issued by the province (one per province and year). */
export const programmePlans = pgTable(
  "programme_plans",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => adminUnits.id),
    year: integer("year").notNull(),
    number: text("number").notNull(),
    issuedOn: date("issued_on", { mode: "string" }).notNull(),
    title: text("title").notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("programme_plans_unit_year_uq").on(t.unitId, t.year), check("programme_plans_year_ck", sql`${t.year} between 2000 and 2100`)],
);

/** One chỉ tiêu of a plan: its wording, the rule that measures it and its target. */
export const programmeIndicators = pgTable(
  "programme_indicators",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    planId: integer("plan_id")
      .notNull()
      .references(() => programmePlans.id),
    position: integer("position").notNull(),
    label: text("label").notNull(),
    rule: text("rule", { enum: INDICATOR_RULES }).notNull(),
    params: jsonb("params").$type<RuleParams>().notNull().default({}),
    /** At least this many (or this share in whole percent); null: followed without a figure. */
    targetMin: integer("target_min"),
    /** The top of a range ("3–5 điểm bán"). */
    targetMax: integer("target_max"),
  },
  (t) => [index("programme_indicators_plan_idx").on(t.planId, t.position), check("programme_indicators_target_ck", sql`${t.targetMin} is null or ${t.targetMin} >= 0`)],
);

/** Tập huấn, hội chợ, xúc tiến thương mại…: held by a unit (the province or a commune) on given days. */
export const programmeEvents = pgTable(
  "programme_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => adminUnits.id),
    kind: text("kind", { enum: EVENT_KINDS }).notNull(),
    title: text("title").notNull(),
    topic: text("topic").notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    place: text("place").notNull(),
    organiser: text("organiser").notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("programme_events_unit_idx").on(t.unitId, t.startsOn), check("programme_events_dates_ck", sql`${t.endsOn} >= ${t.startsOn}`)],
);

/** Who took part: an official (an account) or a producer, taken from the registry's people, never typed in. */
export const programmeParticipants = pgTable(
  "programme_participants",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer("event_id")
      .notNull()
      .references(() => programmeEvents.id),
    userId: text("user_id").references(() => users.id),
    producerId: integer("producer_id").references(() => producers.id),
    /** Who attended for a producer (the representative's name), when given. */
    attendeeName: text("attendee_name"),
    addedBy: text("added_by").references(() => users.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("programme_participants_user_uq").on(t.eventId, t.userId),
    uniqueIndex("programme_participants_producer_uq").on(t.eventId, t.producerId),
    index("programme_participants_user_idx").on(t.userId),
    index("programme_participants_producer_idx").on(t.producerId),
    check("programme_participants_one_ck", sql`(${t.userId} is null) <> (${t.producerId} is null)`),
  ],
);
