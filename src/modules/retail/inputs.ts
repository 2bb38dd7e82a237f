import { z } from "@hono/zod-openapi";
import type { Bilingual } from "../../lib/i18n.js";
import { bi, zId } from "../../lib/validation.js";

export { RETAIL_KIND_LABELS, RETAIL_KINDS, type RetailKind } from "../../domain/retail-kinds.js";
import { RETAIL_KINDS } from "../../domain/retail-kinds.js";

const text = (max: number, vi: string, en: string) =>
  z.string(bi(`Nhập ${vi}`, `Enter ${en}`)).trim().min(1, bi(`Nhập ${vi}`, `Enter ${en}`)).max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`));

export const RetailPointInput = z
  .strictObject({
    name: text(200, "tên điểm bán", "the name"),
    communeId: zId(bi("Chọn xã, phường", "Choose the commune")),
    address: text(500, "địa chỉ", "the address"),
    kind: z.enum(RETAIL_KINDS, bi("Chọn loại điểm bán", "Choose the kind of point of sale")),
    latitude: z.number(bi("Vĩ độ phải là số", "The latitude must be a number")).min(-90, bi("Vĩ độ từ -90 đến 90", "Latitude is between -90 and 90")).max(90, bi("Vĩ độ từ -90 đến 90", "Latitude is between -90 and 90")).optional(),
    longitude: z.number(bi("Kinh độ phải là số", "The longitude must be a number")).min(-180, bi("Kinh độ từ -180 đến 180", "Longitude is between -180 and 180")).max(180, bi("Kinh độ từ -180 đến 180", "Longitude is between -180 and 180")).optional(),
  })
  .refine((r) => (r.latitude === undefined) === (r.longitude === undefined), { path: ["longitude"], message: bi("Nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai", "Give both latitude and longitude, or neither") })
  .openapi("RetailPointInput");
export type RetailPointInput = z.output<typeof RetailPointInput>;

export const RetailPointSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    communeId: z.number().int(),
    communeName: z.string(),
    address: z.string(),
    kind: z.enum(RETAIL_KINDS),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    createdAt: z.string(),
  })
  .openapi("RetailPoint");
export type RetailPointView = z.infer<typeof RetailPointSchema>;

const BilingualSchema = z.object({ vi: z.string(), en: z.string() });

export const StockItemSchema = z
  .object({
    productId: z.number().int(),
    productName: z.string(),
    productCode: z.string(),
    producerName: z.string(),
    addedAt: z.string(),
    certificate: z.object({ id: z.number().int(), stars: z.number().int(), status: z.string(), statusLabel: BilingualSchema, validUntil: z.string() }).nullable(),
    /** "stop": the product may no longer be sold as OCOP; "notice": act soon. */
    warning: z.object({ level: z.enum(["stop", "notice"]), vi: z.string(), en: z.string() }).nullable(),
  })
  .openapi("RetailStockItem");
export type StockItem = z.infer<typeof StockItemSchema>;

export const VerificationSchema = z
  .object({
    verdict: z.string(),
    title: BilingualSchema,
    advice: BilingualSchema,
    code: z.string(),
    recorded: z.literal(false),
    product: z.object({ id: z.number().int(), name: z.string(), code: z.string(), producerName: z.string() }).nullable(),
    stars: z.number().int().nullable(),
    certificate: z.object({ id: z.number().int(), status: z.string(), statusLabel: BilingualSchema, validUntil: z.string(), url: z.string() }).nullable(),
    stamp: z.object({ batchId: z.number().int(), seq: z.number().int(), activated: z.boolean(), voided: z.boolean(), lot: z.string().nullable() }).nullable(),
    sold: z.object({ at: z.string(), by: z.string() }).nullable().optional(),
  })
  .openapi("RetailVerification");
export type Verification = z.infer<typeof VerificationSchema>;
