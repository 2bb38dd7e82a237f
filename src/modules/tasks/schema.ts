import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { AGENCY_KINDS, SOURCE_KINDS, TASK_EVENT_KINDS, TASK_STATES } from "../../domain/task-workflow.js";
import { storedFiles } from "../files/schema.js";
import { adminUnits } from "../units/schema.js";

/**
 * The agencies a province's office assigns tasks to that are not administrative units: departments (Sở Công
 * Thương, Sở Y tế…), the provincial paper and broadcaster, the Social Policy Bank, mass organisations. Accounts of
 * their staff hold `agency_staff` for one of them (role_assignments.agency_id). An agency is never deleted: it is
 * made inactive, which ends its staff's grants and takes it off the assignment form.
 */
export const agencies = pgTable(
  "agencies",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    provinceId: integer("province_id")
      .notNull()
      .references(() => adminUnits.id),
    name: text("name").notNull(),
    shortName: text("short_name"),
    kind: text("kind", { enum: AGENCY_KINDS }).notNull(),
    active: boolean("active").notNull().default(true),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("agencies_province_name_uq").on(t.provinceId, sql`lower(${t.name})`)],
);

/**
 * A task assigned by a document (a plan, a conclusion): to one agency or to one administrative unit, by a
 * deadline (a Vietnam calendar date). The source document is kept on the task as the document says it.
 */
export const tasks = pgTable(
  "tasks",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** The province whose office assigned it: who manages it. */
    provinceId: integer("province_id")
      .notNull()
      .references(() => adminUnits.id),
    title: text("title").notNull(),
    details: text("details"),
    sourceKind: text("source_kind", { enum: SOURCE_KINDS }).notNull(),
    sourceNumber: text("source_number"),
    sourceDate: date("source_date", { mode: "string" }).notNull(),
    sourceTitle: text("source_title").notNull(),
    agencyId: integer("agency_id").references(() => agencies.id),
    unitId: integer("unit_id").references(() => adminUnits.id),
    deadline: date("deadline", { mode: "string" }).notNull(),
    state: text("state", { enum: TASK_STATES }).notNull().default("assigned"),
    doneAt: timestamp("done_at", { withTimezone: true }),
    lastReportAt: timestamp("last_report_at", { withTimezone: true }),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("tasks_province_state_idx").on(t.provinceId, t.state, t.deadline),
    index("tasks_agency_idx").on(t.agencyId),
    index("tasks_unit_idx").on(t.unitId),
    check("tasks_one_assignee_ck", sql`(${t.agencyId} is null) <> (${t.unitId} is null)`),
    check("tasks_done_ck", sql`(${t.state} = 'done') = (${t.doneAt} is not null)`),
  ],
);

/** Every step of a task, reports first of all: its history. Append-only. */
export const taskEvents = pgTable(
  "task_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    taskId: integer("task_id")
      .notNull()
      .references(() => tasks.id),
    kind: text("kind", { enum: TASK_EVENT_KINDS }).notNull(),
    fromState: text("from_state", { enum: TASK_STATES }),
    toState: text("to_state", { enum: TASK_STATES }).notNull(),
    note: text("note"),
    /** A report's attached file (a document, a photo), checked by content. */
    fileId: integer("file_id").references(() => storedFiles.id),
    /** What an edit changed: { field: [before, after] }. */
    changes: jsonb("changes"),
    actorId: text("actor_id"),
    actorRole: text("actor_role"),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("task_events_task_idx").on(t.taskId, t.id)],
);
