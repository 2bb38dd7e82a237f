import { z } from "@hono/zod-openapi";
import { bi } from "../../lib/validation.js";

/*
 * The bulk status lookup's request and answer, and the open data's manifest. The answer is what a shop files
 * as evidence: its canonical JSON (keys sorted, lib/canonical-json.ts) is hashed into the printed PDF.
 */

/** FSC's and USDA INTEGRITY's lookups take lists; a supermarket chain's OCOP shelf is hundreds of products. */
export const MAX_STATUS_IDS = 1000;

export const StatusRequest = z
  .object({
    ids: z
      .array(z.string().trim().min(1, bi("Mã tra cứu không được để trống", "An id must not be empty")).max(64, bi("Mã tra cứu dài tối đa 64 ký tự", "An id is at most 64 characters")))
      .min(1, bi("Nhập ít nhất một mã", "Give at least one id"))
      .max(MAX_STATUS_IDS, bi(`Tối đa ${MAX_STATUS_IDS.toLocaleString("vi-VN")} mã mỗi lần tra cứu`, `At most ${MAX_STATUS_IDS.toLocaleString("en")} ids per lookup`)),
  })
  .openapi("StatusRequest", { example: { ids: ["12", "42-18073-007-2026", "8934567890128", "999999"] } });

const Bilingual = z.object({ vi: z.string(), en: z.string() });

export const StatusItemSchema = z
  .object({
    /** The id as asked (trimmed). */
    id: z.string(),
    matched: z.enum(["certificate", "product", "none"]),
    /** The certificate the answer is about (Số GCN), the one /c/{number} shows. */
    certificate: z.number().int().nullable(),
    /** certificate-status.ts's status on the day asked, or "not_certified" for a product without a certificate. */
    status: z.string().nullable(),
    statusLabel: Bilingual.nullable(),
    stars: z.number().int().nullable(),
    validity: z.object({ from: z.string(), expiresOn: z.string(), validUntil: z.string() }).nullable(),
    decision: z.object({ number: z.string(), decidedOn: z.string(), authority: z.string(), authorityLevel: z.string() }).nullable(),
    product: z.object({ code: z.string(), name: z.string().nullable(), gtin: z.string().nullable() }).nullable(),
    producer: z.object({ name: z.string() }).nullable(),
    url: z.string().nullable(),
  })
  .openapi("StatusItem");
export type StatusItem = z.infer<typeof StatusItemSchema>;

export const StatusAnswerSchema = z
  .object({
    registry: z.string(),
    /** The Vietnam calendar day the statuses are for. */
    asOf: z.string(),
    checkedAt: z.string(),
    counts: z.object({ requested: z.number().int(), certificates: z.number().int(), products: z.number().int(), notFound: z.number().int() }),
    items: z.array(StatusItemSchema),
  })
  .openapi("StatusAnswer");
export type StatusAnswer = z.infer<typeof StatusAnswerSchema>;

export const OPEN_DATA_FORMAT = "ocop-open-data/1";

export type ManifestFile = { name: string; contentType: string; sha256: string; bytes: number; records: number; href: string };
export type AuditAnchor = { seq: number; hash: string; at: string; kid: string; jws: string };
export type Manifest = {
  format: typeof OPEN_DATA_FORMAT;
  registry: string;
  day: string;
  publishedAt: string;
  files: ManifestFile[];
  /** Hex SHA-256 of the previous published day's manifest bytes; 64 zeros for the first. */
  previous: string;
  previousDay: string | null;
  /** The audit chain's newest signed checkpoint when the day was published (null on a chain not yet begun). */
  auditHead: AuditAnchor | null;
};

export type OpenDataDay = { day: string; sha256: string; size: number; files: number; auditSeq: number | null; publishedAt: string };

/** The day's datasets, each published as `{name}.json` and `{name}.csv`. */
export const OPEN_DATASETS = ["certificates", "products", "producers", "points-of-sale"] as const;
export const OPEN_DATA_FILE_NAMES: readonly string[] = OPEN_DATASETS.flatMap((d) => [`${d}.json`, `${d}.csv`]);
