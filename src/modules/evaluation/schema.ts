import { COUNCIL_ROLES } from "../../domain/roles.js";
import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { DOCUMENT_KINDS } from "../../domain/dossier-documents.js";
import { APPEAL_OUTCOMES, APPEAL_STATES } from "../../domain/appeal-period.js";
import { DOSSIER_STATES } from "../../domain/dossier-workflow.js";
import { LEVEL_CHAINS } from "../../domain/level-chain.js";
import { users } from "../accounts/schema.js";
import { storedFiles } from "../files/schema.js";
import { producers } from "../producers/schema.js";
import { products } from "../products/schema.js";
import { adminUnits } from "../units/schema.js";

/*
 * Scores are integers in tenths of a point everywhere they are stored (total_tenths, part tenths, limits), so
 * sums and comparisons are exact; the official mean is kept as council-result.ts returns it (see round_results).
 */

export const REGISTRATION_KINDS = ["first", "upgrade", "reevaluation"] as const;
export const ROUND_LEVELS = ["district", "province", "central"] as const;
export type RoundLevel = (typeof ROUND_LEVELS)[number];
export const SHEET_STATES = ["draft", "submitted"] as const;

/** The commune's report on a dossier (Mẫu 03). */
export type CommuneReview = { localRawMaterials: string; localLabour: string; ideaOrigin: string; localIdentity: string; opinion: string };
/** One assessor's sheet: item id → option id, and per item a note and an evidence reference. */
export type Choices = Record<string, string>;
export type ItemTexts = Record<string, string>;

/**
 * A product dossier filed for evaluation: the registration (Mẫu 01), the producer's self-assessment with its
 * self-score (Mẫu 02) and the commune's report (Mẫu 03). The rubric version is fixed at creation (the one in
 * force that day), so the self-score and the councils use the same criteria. `awaiting_level` says which
 * level's round the dossier waits for while proposed or forwarded.
 */
export const dossiers = pgTable(
  "dossiers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producers.id),
    communeId: integer("commune_id")
      .notNull()
      .references(() => adminUnits.id),
    chain: text("chain", { enum: LEVEL_CHAINS }).notNull(),
    criteriaSetId: integer("criteria_set_id").notNull(),
    rubricVersion: text("rubric_version").notNull(),
    kind: text("kind", { enum: REGISTRATION_KINDS }).notNull(),
    state: text("state", { enum: DOSSIER_STATES }).notNull().default("draft"),
    attempt: integer("attempt").notNull().default(1),
    representativeName: text("representative_name").notNull(),
    representativePosition: text("representative_position").notNull(),
    phone: text("phone").notNull(),
    email: text("email"),
    sampleCount: integer("sample_count").notNull().default(5),
    /** Upgrade and re-evaluation: what changed since the recognised product (Art. 6, 7.5). */
    changes: text("changes"),
    /**
     * Upgrade and re-evaluation: the last certified dossier this one carries forward (its answers and evidence
     * were copied at creation) and the result its certificate recognised, for the diff the council reads.
     */
    basedOnDossierId: integer("based_on_dossier_id").references((): AnyPgColumn => dossiers.id),
    basedOnRoundDossierId: integer("based_on_round_dossier_id"),
    selfChoices: jsonb("self_choices").$type<Choices>().notNull().default({}),
    selfNotes: jsonb("self_notes").$type<ItemTexts>().notNull().default({}),
    selfTotalTenths: integer("self_total_tenths").notNull().default(0),
    communeReview: jsonb("commune_review").$type<CommuneReview>(),
    reviewedBy: text("reviewed_by").references(() => users.id),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    awaitingLevel: text("awaiting_level", { enum: ROUND_LEVELS }),
    lastReason: text("last_reason"),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("dossiers_product_idx").on(t.productId),
    index("dossiers_commune_state_idx").on(t.communeId, t.state),
    index("dossiers_producer_idx").on(t.producerId),
    check("dossiers_set_ck", sql`${t.criteriaSetId} between 1 and 26`),
    check("dossiers_samples_ck", sql`${t.sampleCount} between 0 and 100`),
  ],
);

/** Dossier transitions, who took them and why. Append-only. */
export const dossierEvents = pgTable(
  "dossier_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    dossierId: integer("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    attempt: integer("attempt").notNull(),
    kind: text("kind").notNull(),
    fromState: text("from_state", { enum: DOSSIER_STATES }),
    toState: text("to_state", { enum: DOSSIER_STATES }).notNull(),
    actorId: text("actor_id"),
    actorRole: text("actor_role"),
    reason: text("reason"),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("dossier_events_dossier_idx").on(t.dossierId, t.id)],
);

/** A file attached as evidence for one scored item of the rubric ("1.2": the VietGAP certificate). */
export const dossierEvidence = pgTable(
  "dossier_evidence",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    dossierId: integer("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    criterionId: text("criterion_id").notNull(),
    fileId: integer("file_id")
      .notNull()
      .references(() => storedFiles.id),
    note: text("note"),
    /** Which document it is (Mẫu 02's list, src/domain/dossier-documents.ts) and its validity, last day included. */
    kind: text("kind", { enum: DOCUMENT_KINDS }).notNull().default("other"),
    validFrom: date("valid_from", { mode: "string" }),
    validUntil: date("valid_until", { mode: "string" }),
    /** Copied from this row of the last certified dossier; null for a file the producer added to this one. */
    carriedFromId: integer("carried_from_id"),
    addedBy: text("added_by"),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("dossier_evidence_dossier_idx").on(t.dossierId), check("dossier_evidence_validity_ck", sql`${t.validFrom} is null or ${t.validUntil} is null or ${t.validFrom} <= ${t.validUntil}`)],
);

/**
 * A round (đợt đánh giá) of one level's council. `unit_id` is the unit whose council scores (the district for a
 * district round, the province otherwise); the scoring rules are data of the round: quorum as a fraction of the
 * scoring members (chair included), the divergence limit and the band-edge distance in tenths.
 */
export const evaluationRounds = pgTable(
  "evaluation_rounds",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => adminUnits.id),
    level: text("level", { enum: ROUND_LEVELS }).notNull(),
    name: text("name").notNull(),
    opensOn: date("opens_on", { mode: "string" }).notNull(),
    closesOn: date("closes_on", { mode: "string" }).notNull(),
    rubricVersion: text("rubric_version").notNull(),
    quorumNumerator: integer("quorum_numerator").notNull().default(3),
    quorumDenominator: integer("quorum_denominator").notNull().default(4),
    divergenceLimitTenths: integer("divergence_limit_tenths").notNull().default(100),
    bandEdgeTenths: integer("band_edge_tenths").notNull().default(10),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("evaluation_rounds_unit_idx").on(t.unitId),
    check("evaluation_rounds_dates_ck", sql`${t.closesOn} >= ${t.opensOn}`),
    check("evaluation_rounds_quorum_ck", sql`${t.quorumNumerator} >= 1 and ${t.quorumNumerator} <= ${t.quorumDenominator}`),
  ],
);

/** The council of a round. Chair and members score; the secretary keeps the minutes and does not. */
export const councilMembers = pgTable(
  "council_members",
  {
    roundId: integer("round_id")
      .notNull()
      .references(() => evaluationRounds.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: COUNCIL_ROLES }).notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.userId] }), uniqueIndex("council_members_one_chair_uq").on(t.roundId).where(sql`${t.role} = 'chair'`)],
);

/**
 * A dossier assigned to a round. A forwarded dossier gets a new assignment at the next level
 * (forwarded_from), so every level's council scores afresh and no score travels.
 */
export const roundDossiers = pgTable(
  "round_dossiers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    roundId: integer("round_id")
      .notNull()
      .references(() => evaluationRounds.id),
    dossierId: integer("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    forwardedFrom: integer("forwarded_from"),
    /** The chair's record of the council's discussion when members' totals diverge beyond the limit. */
    discussionNote: text("discussion_note"),
    discussionAt: timestamp("discussion_at", { withTimezone: true }),
    /** The chair's note on a result within the band-edge distance of a star band. */
    chairNote: text("chair_note"),
    chairNoteAt: timestamp("chair_note_at", { withTimezone: true }),
    /**
     * Art. 7.3b lets the council's chairman delegate the chair. When the chair declares a conflict on this
     * dossier, the round's office seats one of the members as chair for it; every chair's step then falls to them.
     */
    actingChairId: text("acting_chair_id").references(() => users.id),
    actingChairReason: text("acting_chair_reason"),
    /** The council found one of the criteria set's elimination rules ("Hồ sơ bị loại khi…") applies: no star. */
    eliminationRuleId: text("elimination_rule_id"),
    eliminationNote: text("elimination_note"),
    eliminatedBy: text("eliminated_by"),
    eliminatedAt: timestamp("eliminated_at", { withTimezone: true }),
    finalisedAt: timestamp("finalised_at", { withTimezone: true }),
    assignedBy: text("assigned_by"),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("round_dossiers_uq").on(t.roundId, t.dossierId), index("round_dossiers_dossier_idx").on(t.dossierId)],
);

/** A member's declared conflict of interest on one assigned dossier; a chair's waiver lifts it, with a reason. */
export const conflicts = pgTable(
  "conflicts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    roundDossierId: integer("round_dossier_id")
      .notNull()
      .references(() => roundDossiers.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    declaredAt: timestamp("declared_at", { withTimezone: true }).notNull(),
    waivedBy: text("waived_by").references(() => users.id),
    waiverReason: text("waiver_reason"),
    waivedAt: timestamp("waived_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("conflicts_uq").on(t.roundDossierId, t.userId)],
);

/** One member's sheet on one assigned dossier. `version` rises with each reopening (old values in the history). */
export const scoreSheets = pgTable(
  "score_sheets",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    roundDossierId: integer("round_dossier_id")
      .notNull()
      .references(() => roundDossiers.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    state: text("state", { enum: SHEET_STATES }).notNull().default("draft"),
    version: integer("version").notNull().default(1),
    choices: jsonb("choices").$type<Choices>().notNull().default({}),
    notes: jsonb("notes").$type<ItemTexts>().notNull().default({}),
    evidence: jsonb("evidence").$type<ItemTexts>().notNull().default({}),
    totalTenths: integer("total_tenths").notNull().default(0),
    partATenths: integer("part_a_tenths").notNull().default(0),
    partBTenths: integer("part_b_tenths").notNull().default(0),
    partCTenths: integer("part_c_tenths").notNull().default(0),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("score_sheets_uq").on(t.roundDossierId, t.userId), check("score_sheets_total_ck", sql`${t.totalTenths} between 0 and 1000`)],
);

/** A sheet as it was when the chair reopened it: nothing a member submitted is ever lost. Append-only. */
export const scoreSheetHistory = pgTable(
  "score_sheet_history",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    sheetId: integer("sheet_id")
      .notNull()
      .references(() => scoreSheets.id),
    version: integer("version").notNull(),
    choices: jsonb("choices").$type<Choices>().notNull(),
    notes: jsonb("notes").$type<ItemTexts>().notNull(),
    evidence: jsonb("evidence").$type<ItemTexts>().notNull(),
    totalTenths: integer("total_tenths").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    reopenedBy: text("reopened_by").notNull(),
    reopenReason: text("reopen_reason").notNull(),
    reopenedAt: timestamp("reopened_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("score_sheet_history_sheet_idx").on(t.sheetId, t.version)],
);

/**
 * The final result of one assigned dossier. `official_score` is the mean of the counted totals as
 * council-result.ts returns it (a number of points, not tenths); stars and forwarding come from stars.ts.
 * `audit_hash` is the hash of the finalising audit record, so the result can be checked against the chain.
 */
export const roundResults = pgTable("round_results", {
  roundDossierId: integer("round_dossier_id")
    .primaryKey()
    .references(() => roundDossiers.id),
  /** Null only for a dossier eliminated before any sheet counted. */
  officialScore: jsonb("official_score").$type<number | null>(),
  summary: jsonb("summary").$type<Record<string, unknown>>().notNull(),
  stars: integer("stars"),
  certifiable: text("certifiable").notNull(),
  forwardTo: text("forward_to", { enum: ROUND_LEVELS }),
  forwardedRoundDossierId: integer("forwarded_round_dossier_id"),
  auditSeq: integer("audit_seq").notNull(),
  auditHash: text("audit_hash").notNull(),
  finalisedBy: text("finalised_by").notNull(),
  finalisedAt: timestamp("finalised_at", { withTimezone: true }).notNull(),
});

/**
 * A producer's appeal of a final result (khiếu nại kết quả; rules in domain/appeal-period.ts), one per result.
 * Upheld for a re-score, the dossier is assigned afresh to a round whose council holds none of the result's
 * scorers (`rescore_round_dossier_id`); that round's result then replaces this one, as any later assignment does.
 */
export const resultAppeals = pgTable(
  "result_appeals",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    roundDossierId: integer("round_dossier_id")
      .notNull()
      .references(() => roundDossiers.id),
    dossierId: integer("dossier_id")
      .notNull()
      .references(() => dossiers.id),
    grounds: text("grounds").notNull(),
    state: text("state", { enum: APPEAL_STATES }).notNull().default("filed"),
    outcome: text("outcome", { enum: APPEAL_OUTCOMES }),
    decisionReason: text("decision_reason"),
    remedy: text("remedy"),
    rescoreRoundDossierId: integer("rescore_round_dossier_id").references(() => roundDossiers.id),
    filedBy: text("filed_by").notNull(),
    filedAt: timestamp("filed_at", { withTimezone: true }).notNull(),
    decidedBy: text("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("result_appeals_rd_uq").on(t.roundDossierId), index("result_appeals_dossier_idx").on(t.dossierId), index("result_appeals_state_idx").on(t.state)],
);
