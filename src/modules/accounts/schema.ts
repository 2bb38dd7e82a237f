import { ROLES } from "../../domain/roles.js";
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { adminUnits } from "../units/schema.js";
import { producers } from "../producers/schema.js";
import { retailPoints } from "../retail/schema.js";
import { agencies } from "../tasks/schema.js";

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    email: text("email"),
    passwordHash: text("password_hash").notNull(),
    locale: text("locale", { enum: ["vi", "en"] }).notNull().default("vi"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("users_username_uq").on(sql`lower(${t.username})`)],
);

// Shape required by lucia's drizzle adapter: text id, text user id, timestamptz expiry. The id is the SHA-256
// (hex) of the cookie's token, never the token (src/auth/lucia.ts); the check keeps a raw token out.
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  // The expiry index serves the periodic clean-up of expired sessions.
  (t) => [
    index("sessions_user_idx").on(t.userId),
    index("sessions_expires_idx").on(t.expiresAt),
    check("sessions_id_is_hash_ck", sql`${t.id} ~ '^[0-9a-f]{64}$'`),
  ],
);

/** A role is always held within a scope: an administrative unit, a producer, a retail point, or an agency. */
export const roleAssignments = pgTable(
  "role_assignments",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    unitId: integer("unit_id").references(() => adminUnits.id),
    producerId: integer("producer_id").references(() => producers.id),
    retailPointId: integer("retail_point_id").references(() => retailPoints.id),
    agencyId: integer("agency_id").references(() => agencies.id),
    grantedBy: text("granted_by"),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    index("role_assignments_user_idx").on(t.userId),
    check(
      "role_assignments_one_scope_ck",
      sql`(case when ${t.unitId} is null then 0 else 1 end) + (case when ${t.producerId} is null then 0 else 1 end) + (case when ${t.retailPointId} is null then 0 else 1 end) + (case when ${t.agencyId} is null then 0 else 1 end) = 1`,
    ),
  ],
);

/** Failed sign-ins per key (username or client address), shared by every app process. */
export const loginThrottle = pgTable(
  "login_throttle",
  {
    key: text("key").primaryKey(),
    failures: integer("failures").notNull().default(0),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
  },
  // Serves the clean-up of stale rows, which otherwise scans every key ever throttled.
  (t) => [index("login_throttle_window_idx").on(t.windowStart)],
);
