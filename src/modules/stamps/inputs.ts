import { z } from "@hono/zod-openapi";
import { isoDateSchema } from "../../domain/cycle-deadlines.js";
import type { CertificateStatus } from "../../domain/certificate-status.js";
import type { Verdict } from "../../domain/scan-verdict.js";
import type { Bilingual } from "../../lib/i18n.js";
import type { RetailKind } from "../../domain/retail-kinds.js";
import type { ShopLinkKind } from "../../domain/shop-links.js";
import { bi, zId } from "../../lib/validation.js";
import { UPLOAD_LIMITS } from "../../lib/upload-limits.js";
import type { productionLots } from "./schema.js";
import type { products } from "../products/schema.js";
import { BATCH_STATES, REPORT_STATES } from "./schema.js";

const text = (max: number, vi: string, en: string) =>
  z.string().trim().min(1, bi(`Nhập ${vi}`, `Enter ${en}`)).max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`));

/** The most stamps one batch may hold: a year of a large producer's output, and what one issuance does in seconds. */
export const MAX_BATCH = 1_000_000;

export const BatchRequestInput = z
  .strictObject({
    productId: zId(bi("Chọn sản phẩm", "Choose the product")),
    quantity: z.number(bi("Nhập số lượng tem", "Enter the number of stamps")).int().min(1, bi("Ít nhất 1 tem", "At least 1 stamp")).max(MAX_BATCH, bi(`Tối đa ${MAX_BATCH} tem một lô`, `At most ${MAX_BATCH} stamps a batch`)),
    note: z.string().trim().max(1000).optional(),
  })
  .openapi("StampBatchRequest");
export type BatchRequestInput = z.output<typeof BatchRequestInput>;

export const RejectInput = z.strictObject({ reason: text(2000, "lý do", "a reason") }).openapi("StampBatchRejection");

/** Stamps of one batch, all of them or a print-order range (a roll, a sheet). */
const range = {
  batchId: zId(),
  fromSeq: z.number().int().positive().optional(),
  toSeq: z.number().int().positive().optional(),
};
const rangeOk = (r: { fromSeq?: number | undefined; toSeq?: number | undefined }) => (r.fromSeq === undefined) === (r.toSeq === undefined) && (r.fromSeq === undefined || r.fromSeq <= r.toSeq!);
const rangeMsg = { path: ["toSeq"], message: bi("Nhập cả số đầu và số cuối, số đầu không lớn hơn số cuối", "Give both ends of the range, the first not after the last") };

export const ActivateInput = z
  .strictObject({
    ...range,
    lot: z.strictObject({
      lotNumber: text(60, "số lô", "the lot number"),
      producedOn: isoDateSchema,
      expiresOn: isoDateSchema.optional(),
      quantity: z.number().int().min(1).max(10_000_000),
    }),
  })
  .refine(rangeOk, rangeMsg)
  .refine((r) => !r.lot.expiresOn || r.lot.expiresOn > r.lot.producedOn, { path: ["lot", "expiresOn"], message: bi("Hạn sử dụng phải sau ngày sản xuất", "The expiry must follow the production date") })
  .openapi("StampActivation");
export type ActivateInput = z.output<typeof ActivateInput>;

export const VoidInput = z
  .union([
    z.strictObject({ code: z.string().min(1).max(64), reason: text(2000, "lý do", "a reason") }),
    z.strictObject({ ...range, reason: text(2000, "lý do", "a reason") }).refine(rangeOk, rangeMsg),
  ])
  .openapi("StampVoid", { description: "One stamp by its printed code, or a batch (or a print-order range of it)." });
export type VoidInput = z.output<typeof VoidInput>;

export const BatchSchema = z
  .object({
    id: z.number().int(),
    productId: z.number().int(),
    productName: z.string(),
    certificateId: z.number().int().nullable(),
    quantity: z.number().int(),
    state: z.enum(BATCH_STATES),
    requestNote: z.string().nullable(),
    rejectReason: z.string().nullable(),
    issuedAt: z.string().nullable(),
    printedAt: z.string().nullable(),
    createdAt: z.string(),
    counts: z.object({ activated: z.number().int(), voided: z.number().int(), scanned: z.number().int() }),
  })
  .openapi("StampBatch");
export type BatchView = z.output<typeof BatchSchema>;

export const SheetQuery = z.strictObject({
  layout: z.enum(["a4-grid", "roll"]).default("a4-grid"),
  labelWidthMm: z.coerce.number().min(15).max(200).optional(),
  labelHeightMm: z.coerce.number().min(15).max(280).optional(),
  fromSeq: z.coerce.number().int().positive().optional(),
  toSeq: z.coerce.number().int().positive().optional(),
});

// ---- reports of suspected fakes (see services/reports.ts) ----

export type ReportState = (typeof REPORT_STATES)[number];

export const REPORT_STATE_LABELS: Record<ReportState, Bilingual> = {
  new: { vi: "Mới tiếp nhận", en: "New" },
  investigating: { vi: "Đang xác minh", en: "Investigating" },
  confirmed_fake: { vi: "Xác định là hàng giả", en: "Confirmed fake" },
  dismissed: { vi: "Không có dấu hiệu giả", en: "Dismissed" },
};

/** The report photo's limit (the form says it). */
export const MAX_REPORT_PHOTO_BYTES = UPLOAD_LIMITS.reportPhoto.maxBytes;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`))
    .optional()
    .transform((s) => (s ? s : undefined));

export const ReportInput = z.object({
  what: z.string(bi("Hãy kể điều đã xảy ra", "Tell us what happened")).trim().min(1, bi("Hãy kể điều đã xảy ra", "Tell us what happened")).max(4000, bi("Tối đa 4000 ký tự", "At most 4000 characters")),
  place: optionalText(500),
  contact: optionalText(200),
});
export type ReportInput = z.output<typeof ReportInput>;

export const ReportUpdateInput = z
  .strictObject({
    state: z.enum(REPORT_STATES, bi("Chọn trạng thái", "Choose a state")),
    note: z.string(bi("Nhập ghi chú xử lý", "Enter a note")).trim().min(1, bi("Nhập ghi chú xử lý", "Enter a note")).max(4000, bi("Tối đa 4000 ký tự", "At most 4000 characters")),
  })
  .openapi("FakeReportUpdate");
export type ReportUpdateInput = z.output<typeof ReportUpdateInput>;

export const ReportSchema = z
  .object({
    id: z.number().int(),
    caseNumber: z.string(),
    code: z.string().nullable(),
    stampId: z.number().int().nullable(),
    batchId: z.number().int().nullable(),
    seq: z.number().int().nullable(),
    productId: z.number().int().nullable(),
    productName: z.string().nullable(),
    what: z.string(),
    place: z.string().nullable(),
    contact: z.string().nullable(),
    photoUrl: z.string().nullable(),
    state: z.enum(REPORT_STATES),
    officeNote: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("FakeReport");
export type ReportView = z.infer<typeof ReportSchema>;

// ---- what the public pages show (read models of queries/, props of views/) ----

/** The scan page's facts: see queries/stamp-view.ts for why they come in two parts. */
/** Where a product can be bought (queries/where-to-buy.ts): stocking points of sale and approved shop links. */
export type WhereToBuy = {
  points: { name: string; address: string; commune: string; kind: RetailKind }[];
  /** All points stocking it; `points` holds the first few. */
  pointsTotal: number;
  links: { kind: ShopLinkKind; url: string; label: string | null }[];
};

export type ProductFacts = {
  whereToBuy: WhereToBuy;
  product: { id: number; name: string; code: string; gtin: string | null; standards: string | null; story: string | null; photoId: number | null };
  producer: { name: string; address: string; phone: string | null; website: string | null };
  place: { commune: string; province: string | null };
  certificate: {
    id: number;
    stars: number;
    status: CertificateStatus;
    statusLabel: Bilingual;
    explanation: Bilingual;
    validFrom: string;
    validThrough: string;
    validUntil: string;
    authorityName: string;
    decisionNumber: string;
    decidedOn: string;
    district: string | null;
    commune: string;
  } | null;
};

export type StampRow = {
  stampId: number;
  serial: string;
  batchId: number;
  seq: number;
  productId: number;
  activated: boolean;
  voided: boolean;
  voidedAt: string | null;
  lot: { number: string; producedOn: string; expiresOn: string | null } | null;
  /** Counted from the stamp's scan rows since activation when loaded; the cache adds what this process recorded since. */
  scanCount: number;
  uniqueScans: number;
  firstScanAt: string | null;
  /** Recent non-repeat scans (24 h) as stored, for the suspicion rule: when and where. */
  recent: { at: number; place: string | null }[];
  /** Sold at a point of sale's till: when, and the point's name. */
  sold: { at: string; by: string } | null;
};

export type StampView = StampRow & ProductFacts;

export type ScanResult =
  | { verdict: "unknown"; reason: Bilingual; code: string }
  | { verdict: Verdict; code: string; view: StampView; previousScans: number; firstScanAt: string | null; recorded: boolean };

/** A certified product's public page (/p/{id}); see queries/product-page.ts. */
export type ProductPage = {
  product: typeof products.$inferSelect;
  producer: string;
  address: string;
  commune: string;
  certificate: { cert: { id: number; stars: number }; state: { label: Bilingual } };
  lot: typeof productionLots.$inferSelect | undefined;
  photoId: number | null;
  whereToBuy: WhereToBuy;
};

/** The scan statistics' read models (see queries/scan-stats.ts): scans per day, per place, and stamps that look copied. */
export type DayCount = { day: string; scans: number };
export type PlaceCount = { country: string | null; region: string | null; scans: number };
export type SuspiciousStamp = { stampId: number; batchId: number; seq: number; productId: number; productName: string; scans: number; places: number; lastScanAt: string };

// ---- the scan-statistics API (GET /api/stamps/scan-stats) ----

const vnDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bi("Ngày phải có dạng YYYY-MM-DD", "Dates must be YYYY-MM-DD")).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), bi("Ngày không có thật", "No such date"));

const STATS_BY = ["day", "place", "product", "commune", "day-place"] as const;

export const ScanStatsQuery = z.object({
  productId: z.coerce.number().int().positive().max(2_147_483_647).optional().openapi({ description: "One product (checked against what the caller may see); all the caller's products when absent" }),
  from: vnDay.optional().openapi({ description: "First Vietnam calendar day (Asia/Ho_Chi_Minh), inclusive; 29 days before `to` when absent", example: "2026-11-05" }),
  to: vnDay.optional().openapi({ description: "Last Vietnam calendar day, inclusive, at most today; today when absent", example: "2026-12-04" }),
  by: z.enum(STATS_BY).default("day").openapi({ description: "day: every day of the window (zeros included); place: per country/region of the scanner's network; product: per product; commune: per producing commune (the products' commune); day-place: per day and place, as the CSV" }),
});

const Count = z.number().int().nonnegative();
export const ScanStatsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.literal("Asia/Ho_Chi_Minh"),
    by: z.enum(STATS_BY),
    product: z.object({ id: z.number().int(), name: z.string(), code: z.string() }).nullable(),
    total: Count,
    rows: z.array(
      z.object({
        day: z.string().optional(),
        country: z.string().nullable().optional(),
        region: z.string().nullable().optional(),
        productId: z.number().int().optional(),
        name: z.string().optional(),
        code: z.string().optional(),
        communeId: z.number().int().optional(),
        commune: z.string().optional(),
        scans: Count,
      }),
    ),
  })
  .openapi("ScanStats");
export type ScanStats = z.infer<typeof ScanStatsSchema>;
