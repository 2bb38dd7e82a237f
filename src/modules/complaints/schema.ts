import { index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { certificates, inspections } from "../certificates/schema.js";
import { storedFiles } from "../files/schema.js";

/** What a complaint is about: not a suspected fake stamp (that is the stamps area's fake report). */
export const COMPLAINT_TOPICS = ["quality", "labelling", "wrong_product_stamp", "other"] as const;
export type ComplaintTopic = (typeof COMPLAINT_TOPICS)[number];
/** new → inspection (an Art. 9 inspection opened from it, linked) or closed with a reason. */
export const COMPLAINT_STATES = ["new", "inspection", "closed"] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

/**
 * A consumer's or shop's complaint about a certified product, filed without signing in. The complainant follows
 * it by a private link whose token only they hold: the table keeps its SHA-256, never the token.
 */
export const complaints = pgTable(
  "complaints",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    certificateId: integer("certificate_id")
      .notNull()
      .references(() => certificates.id),
    topic: text("topic", { enum: COMPLAINT_TOPICS }).notNull(),
    what: text("what").notNull(),
    place: text("place"),
    photoFileId: integer("photo_file_id").references(() => storedFiles.id),
    contact: text("contact"),
    tokenHash: text("token_hash").notNull(),
    state: text("state", { enum: COMPLAINT_STATES }).notNull().default("new"),
    inspectionId: integer("inspection_id").references(() => inspections.id),
    closeReason: text("close_reason"),
    handledBy: text("handled_by"),
    handledAt: timestamp("handled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("complaints_token_uq").on(t.tokenHash), index("complaints_cert_idx").on(t.certificateId), index("complaints_state_idx").on(t.state)],
);
