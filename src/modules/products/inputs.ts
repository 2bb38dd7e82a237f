import { z } from "@hono/zod-openapi";
import { normaliseGtin } from "../../domain/gs1.js";
import { MAX_SHOP_URL_LENGTH, SHOP_LINK_KINDS, SHOP_LINK_STATUSES, shopUrlProblem } from "../../domain/shop-links.js";
import { bi, zQueryId } from "../../lib/validation.js";

// Input and output shapes of the products API, shared by the JSON routes, the pages and the service.

export const ListProductsQuery = z.object({
  cycleId: zQueryId().optional(),
  producerId: zQueryId().optional(),
  communeId: zQueryId().optional(),
  criteriaSetId: z.coerce.number().int().min(1).max(26).optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListProductsQuery = z.output<typeof ListProductsQuery>;

export const UpdateProductInput = z
  .strictObject({
    name: z.string().trim().min(1, bi("Nhập tên sản phẩm", "Enter the product name")).max(300, bi("Tối đa 300 ký tự", "At most 300 characters")).optional(),
    description: z.string().trim().max(8000, bi("Tối đa 8000 ký tự", "At most 8000 characters")).nullable().optional(),
    /** Stored as GTIN-14; GS1 Digital Link resolves the product by it. */
    gtin: z
      .string()
      .trim()
      .transform((v, ctx) => {
        const g = normaliseGtin(v);
        if (!g) ctx.addIssue({ code: "custom", message: bi("GTIN không hợp lệ (8, 12, 13 hoặc 14 chữ số, đúng số kiểm tra)", "Invalid GTIN (8, 12, 13 or 14 digits with a valid check digit)") });
        return g ?? v;
      })
      .nullable()
      .optional(),
    standards: z.string().trim().max(1000, bi("Tối đa 1000 ký tự", "At most 1000 characters")).nullable().optional(),
  })
  .openapi("UpdateProductRequest");
export type UpdateProductInput = z.output<typeof UpdateProductInput>;

export const AssignResponsibleInput = z
  .strictObject({ userId: z.string().min(1, bi("Chọn cán bộ phụ trách", "Choose the responsible official")).max(100).nullable() })
  .openapi("AssignResponsibleRequest");
export type AssignResponsibleInput = z.output<typeof AssignResponsibleInput>;

export const PhotoSchema = z
  .object({ id: z.number().int(), width: z.number().int(), height: z.number().int(), caption: z.string().nullable(), url: z.string(), thumbUrl: z.string(), createdAt: z.string() })
  .openapi("ProductPhoto");
export type PhotoView = z.output<typeof PhotoSchema>;

export const ProductSchema = z
  .object({
    id: z.number().int(),
    code: z.string().openapi({ example: "42-18073-007-2026" }),
    name: z.string(),
    criteriaSetId: z.number().int(),
    producerId: z.number().int(),
    producerName: z.string(),
    communeId: z.number().int(),
    communeName: z.string(),
    parentUnitName: z.string().nullable(),
    planId: z.number().int().nullable(),
    cycleId: z.number().int().nullable(),
    description: z.string().nullable(),
    gtin: z.string().nullable(),
    standards: z.string().nullable(),
    responsibleUserId: z.string().nullable(),
    responsibleName: z.string().nullable(),
    thumbUrl: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Product");
export type ProductView = z.output<typeof ProductSchema>;

/** A producer's shop link for a product (src/domain/shop-links.ts): shown publicly once the office approves it. */
export const ShopLinkSchema = z
  .object({
    id: z.number().int(),
    productId: z.number().int(),
    kind: z.enum(SHOP_LINK_KINDS),
    url: z.string(),
    label: z.string().nullable(),
    status: z.enum(SHOP_LINK_STATUSES),
    proposedAt: z.string(),
    decidedAt: z.string().nullable(),
    decidedByName: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .openapi("ShopLink");
export type ShopLinkView = z.output<typeof ShopLinkSchema>;

/** A shop link waiting for (or past) the office's decision, with the product it is for: the office's list. */
export const ShopLinkListSchema = z
  .object({ items: z.array(ShopLinkSchema.extend({ productName: z.string(), productCode: z.string(), producerName: z.string() })), total: z.number().int() })
  .openapi("ShopLinkList");
export type ShopLinkList = z.output<typeof ShopLinkListSchema>;

export const ListShopLinksQuery = z
  .object({
    status: z.enum(SHOP_LINK_STATUSES).default("pending"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .openapi("ListShopLinksQuery");
export type ListShopLinksQuery = z.output<typeof ListShopLinksQuery>;

export const ProposeShopLinkInput = z
  .object({
    kind: z.enum(SHOP_LINK_KINDS),
    url: z
      .string()
      .trim()
      .min(1, bi("Nhập địa chỉ trang bán hàng", "Enter the shop page's address"))
      .max(MAX_SHOP_URL_LENGTH, bi(`Tối đa ${MAX_SHOP_URL_LENGTH} ký tự`, `At most ${MAX_SHOP_URL_LENGTH} characters`))
      .superRefine((v, ctx) => {
        const problem = shopUrlProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: bi(problem.vi, problem.en) });
      })
      .openapi({ example: "https://shopee.vn/buoi-phuc-trach" }),
    label: z.string().trim().max(120, bi("Tối đa 120 ký tự", "At most 120 characters")).optional(),
  })
  .openapi("ProposeShopLinkRequest");
export type ProposeShopLinkInput = z.output<typeof ProposeShopLinkInput>;

/** The office's decision: a rejection says why, so the producer can correct the link. */
export const DecideShopLinkInput = z
  .object({ decision: z.enum(["approve", "reject"]), reason: z.string().trim().max(500, bi("Tối đa 500 ký tự", "At most 500 characters")).optional() })
  .refine((v) => v.decision === "approve" || (v.reason ?? "").length >= 3, { path: ["reason"], message: bi("Không duyệt thì ghi lý do (ít nhất 3 ký tự)", "A rejection needs its reason (at least 3 characters)") })
  .openapi("DecideShopLinkRequest");
export type DecideShopLinkInput = z.output<typeof DecideShopLinkInput>;

export const ProductDetailSchema = ProductSchema.extend({
  photos: z.array(PhotoSchema),
  shopLinks: z.array(ShopLinkSchema),
  canManage: z.boolean(),
  canAssign: z.boolean(),
  canProposeLinks: z.boolean(),
  canDecideLinks: z.boolean(),
}).openapi("ProductDetail");
export type ProductDetail = z.output<typeof ProductDetailSchema>;

export const ProductListSchema = z.object({ items: z.array(ProductSchema), total: z.number().int() }).openapi("ProductList");
export type ProductList = z.output<typeof ProductListSchema>;

export const OfficialSchema = z.object({ userId: z.string(), displayName: z.string(), role: z.string(), unitName: z.string() }).openapi("ResponsibleCandidate");
export type OfficialView = z.output<typeof OfficialSchema>;
