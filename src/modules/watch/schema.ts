import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "../accounts/schema.js";
import { certificates } from "../certificates/schema.js";

/*
 * Certificate watches: a retail point or buyer registers an HTTPS endpoint and the certificates it cares
 * about, and receives a signed webhook when one changes status or stars. Deliveries are an outbox: written in
 * the same transaction as the change, sent by the dispatcher, retried with backoff, every attempt logged.
 */

export const watchSubscriptions = pgTable(
  "watch_subscriptions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    url: text("url").notNull(),
    /** The HMAC key the receiver checks signatures with ("whsec_" + base64), shown once at creation. */
    secret: text("secret").notNull(),
    description: text("description"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
  },
  (t) => [index("watch_subscriptions_owner_idx").on(t.ownerId)],
);

/** One watched certificate, with what the subscriber was last told (so a date-driven change is noticed once). */
export const watchItems = pgTable(
  "watch_items",
  {
    subscriptionId: integer("subscription_id")
      .notNull()
      .references(() => watchSubscriptions.id),
    certificateId: integer("certificate_id")
      .notNull()
      .references(() => certificates.id),
    lastStatus: text("last_status").notNull(),
    lastStars: integer("last_stars").notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.certificateId] }), index("watch_items_cert_idx").on(t.certificateId)],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** The event id the receiver deduplicates on ("webhook-id" header): the same across retries. */
    eventId: text("event_id").notNull(),
    subscriptionId: integer("subscription_id")
      .notNull()
      .references(() => watchSubscriptions.id),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    /** Set when the retries are exhausted. */
    failedAt: timestamp("failed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("webhook_deliveries_due_idx").on(t.nextAttemptAt), index("webhook_deliveries_sub_idx").on(t.subscriptionId, t.id)],
);

export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: integer("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id),
    attempt: integer("attempt").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    status: integer("status"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.attempt)],
);
