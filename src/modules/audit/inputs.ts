import { z } from "@hono/zod-openapi";
import { bi, zQueryId } from "../../lib/validation.js";
import { problem } from "../../http/openapi-kit.js";
import type { auditLog } from "./schema.js";

// Empty strings are what an unfilled form field sends; they mean "no filter" (the query ignores them).
const filterText = (max: number, description: string) => z.string().trim().max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`)).optional().openapi({ description });

/** Strict: a misspelt filter must fail loudly rather than silently return everything. */
export const AuditListQuery = z.strictObject({
  subjectType: filterText(64, "Only records about this kind of subject (e.g. `user`, `producer`)."),
  subjectId: filterText(128, "Only records about this subject id; use with subjectType."),
  actorId: filterText(128, "Only records written by this user id."),
  action: filterText(128, "Only records of this action (e.g. `users.create`)."),
  cursor: zQueryId().optional().openapi({ description: "The `nextCursor` of the previous page: records older than this seq." }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: "Page size, 1 to 200." }),
  lang: z.enum(["vi", "en"]).optional().openapi({ description: "Language of error messages." }),
});

export const AuditRecordSchema = z
  .object({
    seq: z.number().int().openapi({ description: "Position in the chain, from 1, without gaps." }),
    at: z.string().openapi({ format: "date-time" }),
    actorId: z.string().nullable().openapi({ description: "User who acted; null for the system itself." }),
    actorName: z.string().nullable(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    before: z.unknown().openapi({ description: "The subject before the change (JSON), or null." }),
    after: z.unknown().openapi({ description: "The subject after the change (JSON), or null." }),
    requestId: z.string().nullable(),
    prevHash: z.string().openapi({ description: "SHA-256 of the previous record (hex)." }),
    hash: z.string().openapi({ description: "SHA-256 of this record's canonical JSON including prevHash (hex)." }),
  })
  .openapi("AuditRecord");

export const AuditPageSchema = z
  .object({
    items: z.array(AuditRecordSchema),
    nextCursor: z.number().int().nullable().openapi({ description: "Pass as `cursor` for the next (older) page; null on the last page." }),
  })
  .openapi("AuditPage");

export const ChainReportSchema = z
  .discriminatedUnion("ok", [
    z.object({
      ok: z.literal(true),
      records: z.number().int(),
      headSeq: z.number().int(),
      headHash: z.string(),
      keyId: z.string().openapi({ description: "The kid of the Ed25519 key the checkpoints verified under (published at /.well-known/audit-key)." }),
      checkpoints: z.number().int().openapi({ description: "Signed checkpoints verified." }),
      lastCheckpoint: z
        .object({ seq: z.number().int(), at: z.string(), reason: z.enum(["count", "daily"]), jws: z.string().openapi({ description: "Compact JWS (EdDSA) over {v, seq, hash, at, reason}: publish it, and anyone can check it with the public key." }) })
        .nullable()
        .openapi({ description: "The newest signed checkpoint; records after it are protected by the hash chain alone until the next one." }),
    }),
    z.object({
      ok: z.literal(false),
      records: z.number().int().openapi({ description: "Records verified before the break." }),
      brokenAt: z.number().int().openapi({ description: "Seq of the first missing, altered or foreign record." }),
      reason: z.string(),
    }),
  ])
  .openapi("AuditChainReport");


export const authProblems = {
  401: problem("Not signed in."),
  403: problem("The signed-in user may not do this."),
};
export const validationProblem = { 400: problem("Invalid query: unknown or malformed parameters.") };

export type AuditFilter = {
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
};

export type AuditPageRequest = AuditFilter & {
  /** Only records by people who hold (or held) a role in this unit or under it (a dotted admin_units.path). */
  unitPath?: string | undefined;
  /** Only records from this Vietnam day on / up to this Vietnam day included (YYYY-MM-DD). */
  from?: string | undefined;
  to?: string | undefined;
  /** Exclusive upper bound on seq: the `nextCursor` of the previous page. */
  cursor?: number | undefined;
  limit: number;
};

export type AuditRecord = typeof auditLog.$inferSelect & { actorName: string | null };

export type ChainReport =
  | {
      ok: true;
      records: number;
      headSeq: number;
      headHash: string;
      keyId: string;
      checkpoints: number;
      lastCheckpoint: { seq: number; at: string; reason: "count" | "daily"; jws: string } | null;
    }
  | { ok: false; records: number; brokenAt: number; reason: string };
