import { z } from "@hono/zod-openapi";
import { normaliseGtin } from "../../domain/gs1.js";
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

export const ProductDetailSchema = ProductSchema.extend({
  photos: z.array(PhotoSchema),
  canManage: z.boolean(),
  canAssign: z.boolean(),
}).openapi("ProductDetail");
export type ProductDetail = z.output<typeof ProductDetailSchema>;

export const ProductListSchema = z.object({ items: z.array(ProductSchema), total: z.number().int() }).openapi("ProductList");
export type ProductList = z.output<typeof ProductListSchema>;

export const OfficialSchema = z.object({ userId: z.string(), displayName: z.string(), role: z.string(), unitName: z.string() }).openapi("ResponsibleCandidate");
export type OfficialView = z.output<typeof OfficialSchema>;
