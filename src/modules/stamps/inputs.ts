import { z } from "@hono/zod-openapi";
import { isoDateSchema } from "../../domain/cycle-deadlines.js";
import { bi } from "../../lib/validation.js";
import { BATCH_STATES } from "./schema.js";

const text = (max: number, vi: string, en: string) =>
  z.string().trim().min(1, bi(`Nhập ${vi}`, `Enter ${en}`)).max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`));

/** The most stamps one batch may hold: a year of a large producer's output, and what one issuance does in seconds. */
export const MAX_BATCH = 1_000_000;

export const BatchRequestInput = z
  .strictObject({
    productId: z.number(bi("Chọn sản phẩm", "Choose the product")).int().positive(),
    quantity: z.number(bi("Nhập số lượng tem", "Enter the number of stamps")).int().min(1, bi("Ít nhất 1 tem", "At least 1 stamp")).max(MAX_BATCH, bi(`Tối đa ${MAX_BATCH} tem một lô`, `At most ${MAX_BATCH} stamps a batch`)),
    note: z.string().trim().max(1000).optional(),
  })
  .openapi("StampBatchRequest");
export type BatchRequestInput = z.output<typeof BatchRequestInput>;

export const RejectInput = z.strictObject({ reason: text(2000, "lý do", "a reason") }).openapi("StampBatchRejection");

/** Stamps of one batch, all of them or a print-order range (a roll, a sheet). */
const range = {
  batchId: z.number().int().positive(),
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
