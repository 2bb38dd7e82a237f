import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { validationError } from "../../lib/problem.js";
import { IdParam, commonErrors, idParamSchema, json, jsonBody, notFoundError } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { AssignResponsibleInput, ListProductsQuery, OfficialSchema, ProductDetailSchema, ProductListSchema, UpdateProductInput } from "./inputs.js";
import { getProduct, listProducts, productOfficials } from "./queries.js";
import { addPhoto, assignResponsible, removePhoto, updateProduct } from "./service.js";

const PhotoParam = IdParam.extend({ photoId: idParamSchema("photoId") });
const common = commonErrors("Invalid input, or a file that is not an image", "Not allowed, or missing x-csrf-token");
const notFound = notFoundError("product visible to the caller");

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["products"],
  summary: "List products (Sản phẩm OCOP)",
  request: { query: ListProductsQuery },
  responses: { 200: json(ProductListSchema, "A page of products"), ...common },
});
const getRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["products"],
  summary: "One product with its photos",
  request: { params: IdParam },
  responses: { 200: json(ProductDetailSchema, "The product"), ...common, ...notFound },
});
const updateRoute = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["products"],
  summary: "Edit the product's name or description",
  request: { params: IdParam, ...jsonBody(UpdateProductInput) },
  responses: { 200: json(ProductDetailSchema, "The product"), ...common, ...notFound },
});
const officialsRoute = createRoute({
  method: "get",
  path: "/{id}/officials",
  tags: ["products"],
  summary: "Officials who may be named responsible for the product",
  request: { params: IdParam },
  responses: { 200: json(z.object({ items: z.array(OfficialSchema) }), "Candidates"), ...common, ...notFound },
});
const assignRoute = createRoute({
  method: "put",
  path: "/{id}/responsible",
  tags: ["products"],
  summary: "Name (or clear) the official responsible for guiding the product",
  request: { params: IdParam, ...jsonBody(AssignResponsibleInput) },
  responses: { 200: json(ProductDetailSchema, "The product"), ...common, ...notFound },
});
const addPhotoRoute = createRoute({
  method: "post",
  path: "/{id}/photos",
  tags: ["products"],
  summary: "Upload a photo (JPEG, PNG, WebP, GIF; re-encoded to WebP, metadata stripped)",
  request: {
    params: IdParam,
    body: { required: true, content: { "multipart/form-data": { schema: z.object({ photo: z.any().openapi({ type: "string", format: "binary" }), caption: z.string().optional() }) } } },
  },
  responses: { 201: json(ProductDetailSchema, "The product with the new photo"), ...common, ...notFound },
});
const removePhotoRoute = createRoute({
  method: "delete",
  path: "/{id}/photos/{photoId}",
  tags: ["products"],
  summary: "Remove a photo",
  request: { params: PhotoParam },
  responses: { 200: json(ProductDetailSchema, "The product"), ...common, ...notFoundError("product or photo") },
});

/** Mounted at /api/products. */
export const api = createRouter()
  .openapi(listRoute, async (c) => c.json(await listProducts({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200))
  .openapi(getRoute, async (c) => c.json(await getProduct({ ctx: serviceCtx(c), input: { productId: c.req.valid("param").id } }), 200))
  .openapi(updateRoute, async (c) => c.json(await updateProduct({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), productId: c.req.valid("param").id } }), 200))
  .openapi(officialsRoute, async (c) => c.json({ items: await productOfficials({ ctx: serviceCtx(c), input: { productId: c.req.valid("param").id } }) }, 200))
  .openapi(assignRoute, async (c) => c.json(await assignResponsible({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), productId: c.req.valid("param").id } }), 200))
  .openapi(addPhotoRoute, async (c) => {
    const body = await c.req.parseBody();
    const file = await readMultipartFile(body["photo"]);
    if (!file) throw validationError([{ path: "photo", vi: "Chọn ảnh để tải lên.", en: "Choose a photo to upload.", message: "Choose a photo to upload." }]);
    const caption = typeof body["caption"] === "string" ? body["caption"] : undefined;
    return c.json(await addPhoto({ ctx: serviceCtx(c), input: { productId: c.req.valid("param").id, file, caption } }), 201);
  })
  .openapi(removePhotoRoute, async (c) => c.json(await removePhoto({ ctx: serviceCtx(c), input: { productId: c.req.valid("param").id, photoId: c.req.valid("param").photoId } }), 200));
