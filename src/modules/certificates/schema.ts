import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { REVOCATION_GROUNDS } from "../../domain/certificate-status.js";
import { REGISTRATION_KINDS, roundDossiers } from "../evaluation/schema.js";
import { bytea, storedFiles } from "../files/schema.js";
import { producers } from "../producers/schema.js";
import { products } from "../products/schema.js";
import { adminUnits } from "../units/schema.js";

/*
 * Certificates are what stamps, retail points and consumers point to. A certificate row is written once, at
 * the recognition decision, with the facts as they stood (product and producer names, the commune and the
 * district it then lay in), so the administrative reform or a later rename never rewrites an old certificate.
 * Its status is never stored: certificate-status.ts derives it from the decision date and the dated events.
 */

export const AUTHORITY_LEVELS = ["province", "central"] as const;
export type AuthorityLevel = (typeof AUTHORITY_LEVELS)[number];

/** A recognition decision (quyết định công nhận): the province's for 3★/4★, the ministry's for 5★. */
export const recognitionDecisions = pgTable(
  "recognition_decisions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** Where it is recorded and by whom: the province's unit for its 3★/4★, the country unit for the Ministry's 5★. */
    unitId: integer("unit_id")
      .notNull()
      .references(() => adminUnits.id),
    number: text("number").notNull(),
    decidedOn: date("decided_on", { mode: "string" }).notNull(),
    authorityLevel: text("authority_level", { enum: AUTHORITY_LEVELS }).notNull(),
    authorityName: text("authority_name").notNull(),
    signerName: text("signer_name").notNull(),
    signerTitle: text("signer_title").notNull(),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("recognition_decisions_number_uq").on(t.authorityLevel, t.authorityName, t.number)],
);

export const certificates = pgTable(
  "certificates",
  {
    /** The public id in /c/{id}: an identity, so it is never reused. */
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    decisionId: integer("decision_id")
      .notNull()
      .references(() => recognitionDecisions.id),
    /** The final council result it recognises: one certificate per result. */
    roundDossierId: integer("round_dossier_id")
      .notNull()
      .references(() => roundDossiers.id),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producers.id),
    kind: text("kind", { enum: REGISTRATION_KINDS }).notNull(),
    /**
     * Which council's result the recognition rests on: the province's, or the central council's (a Ministry
     * 5★, or a province 3★/4★ on a central result below 90, Art. 7.4g). Written with the certificate.
     */
    basisLevel: text("basis_level", { enum: ["province", "central"] }).notNull().default("province"),
    stars: integer("stars").notNull(),
    score: jsonb("score").$type<number>().notNull(),
    rubricVersion: text("rubric_version").notNull(),
    criteriaSetId: integer("criteria_set_id").notNull(),
    decisionDate: date("decision_date", { mode: "string" }).notNull(),
    /** Only for certificates issued under earlier rules whose decision states its own end. */
    expiresOn: date("expires_on", { mode: "string" }),
    productName: text("product_name").notNull(),
    productCode: text("product_code").notNull(),
    producerName: text("producer_name").notNull(),
    communeId: integer("commune_id")
      .notNull()
      .references(() => adminUnits.id),
    /** The names as they were on the decision date (the district is gone after the 2025 reform). */
    communeName: text("commune_name").notNull(),
    districtName: text("district_name"),
    provinceName: text("province_name").notNull(),
    supersedesId: integer("supersedes_id"),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("certificates_result_uq").on(t.roundDossierId),
    index("certificates_product_idx").on(t.productId),
    index("certificates_producer_idx").on(t.producerId),
    index("certificates_decision_idx").on(t.decisionId),
    check("certificates_stars_ck", sql`${t.stars} between 3 and 5`),
  ],
);

export const CERTIFICATE_EVENT_KINDS = ["issued", "suspended", "suspension_lifted", "revoked", "superseded", "reevaluation_filed", "reevaluation_decided"] as const;
export type CertificateEventKind = (typeof CERTIFICATE_EVENT_KINDS)[number];
export const REVOCATION_GROUND_IDS = REVOCATION_GROUNDS.map((g) => g.id) as [string, ...string[]];

/**
 * The dated facts certificate-status.ts reads, and the public history. Append-only: a lifted suspension is a
 * new event, never an edit. `on` is the day the fact takes effect (a revocation's effective date).
 */
export const certificateEvents = pgTable(
  "certificate_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    certificateId: integer("certificate_id")
      .notNull()
      .references(() => certificates.id),
    kind: text("kind", { enum: CERTIFICATE_EVENT_KINDS }).notNull(),
    on: date("on", { mode: "string" }).notNull(),
    /** Suspension: the last day suspended, when known. */
    through: date("through", { mode: "string" }),
    ground: text("ground"),
    reason: text("reason"),
    /** Revocation: the number of the revocation decision. Supersession: the new certificate. */
    decisionNumber: text("decision_number"),
    relatedCertificateId: integer("related_certificate_id"),
    relatedDossierId: integer("related_dossier_id"),
    actorId: text("actor_id"),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("certificate_events_cert_idx").on(t.certificateId, t.id)],
);

export const INSPECTION_KINDS = ["periodic", "ad_hoc"] as const;
export const INSPECTION_CONCLUSIONS = ["keep", "request_reevaluation", "propose_revocation"] as const;
export type InspectionFinding = { criterionId: string; finding: string; met: boolean };
/** Why an ad hoc inspection was opened, when a complaint about the product opened it (the complaints area). */
export const INSPECTION_GROUNDS = ["complaint_quality", "complaint_labelling", "complaint_stamp", "complaint_other"] as const;
export type InspectionGround = (typeof INSPECTION_GROUNDS)[number];

/** A post-check (Art. 9): a team, findings per criterion, samples and lab results, and its conclusion. */
export const inspections = pgTable(
  "inspections",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    certificateId: integer("certificate_id")
      .notNull()
      .references(() => certificates.id),
    kind: text("kind", { enum: INSPECTION_KINDS }).notNull(),
    team: jsonb("team").$type<string[]>().notNull(),
    /** Null for the office's own periodic or ad hoc checks. Public, as the ground of the summary on /c/{id}. */
    ground: text("ground", { enum: INSPECTION_GROUNDS }),
    startedOn: date("started_on", { mode: "string" }).notNull(),
    findings: jsonb("findings").$type<InspectionFinding[]>().notNull().default([]),
    conclusion: text("conclusion", { enum: INSPECTION_CONCLUSIONS }),
    conclusionNote: text("conclusion_note"),
    concludedOn: date("concluded_on", { mode: "string" }),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("inspections_cert_idx").on(t.certificateId)],
);

export const inspectionFiles = pgTable(
  "inspection_files",
  {
    inspectionId: integer("inspection_id")
      .notNull()
      .references(() => inspections.id),
    fileId: integer("file_id")
      .notNull()
      .references(() => storedFiles.id),
    /** "sample" (biên bản lấy mẫu), "lab" (phiếu kết quả thử nghiệm) or "other". */
    kind: text("kind", { enum: ["sample", "lab", "other"] }).notNull(),
    note: text("note"),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.fileId] })],
);

/**
 * The commune People's Committee's confirmation that the producer no longer produces the certified product
 * (xác nhận của UBND cấp xã, Art. 8.4 QĐ 26/2026): the evidence a revocation on ground đ of Art. 8.1 rests on.
 * Recorded by the commune where the producer lies (its successor after the reform), with the document's number
 * and date; appended, never edited, like the inspections it stands beside.
 */
export const communeConfirmations = pgTable(
  "commune_confirmations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    certificateId: integer("certificate_id")
      .notNull()
      .references(() => certificates.id),
    /** The commune that confirmed (in force on the day it confirmed). */
    communeId: integer("commune_id")
      .notNull()
      .references(() => adminUnits.id),
    documentNumber: text("document_number").notNull(),
    confirmedOn: date("confirmed_on", { mode: "string" }).notNull(),
    statement: text("statement").notNull(),
    recordedBy: text("recorded_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("commune_confirmations_cert_idx").on(t.certificateId)],
);

/**
 * Notices to producers and the provincial office (the window opening, a revocation…). `dedupe_key` makes the
 * daily job idempotent: running it twice on a day, or after a crash, records each notice once.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    audience: text("audience", { enum: ["producer", "office"] }).notNull(),
    producerId: integer("producer_id").references(() => producers.id),
    unitId: integer("unit_id").references(() => adminUnits.id),
    certificateId: integer("certificate_id").references(() => certificates.id),
    kind: text("kind").notNull(),
    vi: text("vi").notNull(),
    en: text("en").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("notifications_dedupe_uq").on(t.dedupeKey), index("notifications_producer_idx").on(t.producerId), index("notifications_unit_idx").on(t.unitId)],
);

/*
 * Verifiable certificates (issue 19). Each certificate is also a W3C VC 2.0 credential signed once (VC-JOSE,
 * compact JWS) and stored, so any runtime serves the same bytes without the private key; the Worker has none.
 */

/**
 * The public halves of every key that ever signed a credential or a status list, published in did.json and
 * the JWKS. A key is recorded the first time it signs and is never deleted: a rotated-out key stays here, with
 * its `retired_at`, so what it signed still verifies.
 */
export const credentialKeys = pgTable("credential_keys", {
  /** The JWK thumbprint (RFC 7638); the JWS header's kid is the issuer's DID URL `did:web:…#<kid>`. */
  kid: text("kid").primaryKey(),
  jwk: jsonb("jwk").$type<{ kty: "OKP"; crv: "Ed25519"; x: string }>().notNull(),
  firstUsedAt: timestamp("first_used_at", { withTimezone: true }).notNull(),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
});

export const STATUS_PURPOSES = ["revocation", "suspension"] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

/**
 * A Bitstring Status List per recognising authority (the unit its decisions are recorded in: a province, or
 * the country unit for the Ministry) and purpose. The bits and the signed list credential change together, in
 * the transaction that changes a certificate's status, so the served list is never behind the register.
 */
export const statusLists = pgTable(
  "status_lists",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => adminUnits.id),
    purpose: text("purpose", { enum: STATUS_PURPOSES }).notNull(),
    /** The uncompressed bitstring, index 0 the most significant bit of the first byte. */
    bits: bytea("bits").notNull(),
    /** The BitstringStatusListCredential as a compact JWS (vc+jwt), signed when the bits last changed. */
    jws: text("jws").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("status_lists_unit_purpose_uq").on(t.unitId, t.purpose)],
);

/** A certificate's credential: the stored vc+jwt and its random place in its authority's status lists. */
export const certificateCredentials = pgTable(
  "certificate_credentials",
  {
    certificateId: integer("certificate_id")
      .primaryKey()
      .references(() => certificates.id),
    /** The authority whose lists hold its bits (the decision's unit). */
    unitId: integer("unit_id")
      .notNull()
      .references(() => adminUnits.id),
    /** Random, so the index tells a verifier nothing about the certificate or its order of issue; the same in both purposes' lists. */
    statusIndex: integer("status_index").notNull(),
    kid: text("kid")
      .notNull()
      .references(() => credentialKeys.kid),
    jws: text("jws").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("certificate_credentials_index_uq").on(t.unitId, t.statusIndex)],
);
