import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { validationError } from "../../lib/problem.js";
import { IdParam, commonErrors, conflictError, idParamSchema, json, jsonBody, notFoundError } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { AssignResponsibleInput, DecideShopLinkInput, ListProductsQuery, ListShopLinksQuery, OfficialSchema, ProductDetailSchema, ProductListSchema, ProposeShopLinkInput, ShopLinkListSchema, UpdateProductInput } from "./inputs.js";
import { getProduct, listProducts, listShopLinks, productOfficials } from "./queries.js";
import { decideShopLink, proposeShopLink, withdrawShopLink } from "./services/shop-links.js";
import { addPhoto, assignResponsible, removePhoto, updateProduct } from "./services/products.js";

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

const LinkParam = IdParam.extend({ linkId: idParamSchema("linkId") });
const shopLinksRoute = createRoute({
  method: "get",
  path: "/shop-links",
  tags: ["products"],
  summary: "Producers' shop links by status, within the office's units (pending: awaiting its decision)",
  request: { query: ListShopLinksQuery },
  responses: { 200: json(ShopLinkListSchema, "A page of shop links"), ...common },
});
const proposeLinkRoute = createRoute({
  method: "post",
  path: "/{id}/shop-links",
  tags: ["products"],
  summary: "The producer proposes a shop link (website, marketplace page) for the product's 'where to buy'",
  request: { params: IdParam, ...jsonBody(ProposeShopLinkInput) },
  responses: { 201: json(ProductDetailSchema, "The product with the pending link"), ...common, ...notFound, ...conflictError("The link is already there, or the product has as many as allowed") },
});
const decideLinkRoute = createRoute({
  method: "post",
  path: "/{id}/shop-links/{linkId}/decision",
  tags: ["products"],
  summary: "The provincial office approves a pending shop link, or rejects it with a reason",
  request: { params: LinkParam, ...jsonBody(DecideShopLinkInput) },
  responses: { 200: json(ProductDetailSchema, "The product"), ...common, ...notFoundError("product or shop link"), ...conflictError("The link is no longer pending") },
});
const withdrawLinkRoute = createRoute({
  method: "delete",
  path: "/{id}/shop-links/{linkId}",
  tags: ["products"],
  summary: "The producer withdraws a pending or approved shop link",
  request: { params: LinkParam },
  responses: { 200: json(ProductDetailSchema, "The product"), ...common, ...notFoundError("product or shop link") },
});

/** Mounted at /api/products. */
export const api = createRouter()
  .openapi(shopLinksRoute, async (c) => c.json(await listShopLinks({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200))
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
  .openapi(removePhotoRoute, async (c) => c.json(await removePhoto({ ctx: serviceCtx(c), input: { productId: c.req.valid("param").id, photoId: c.req.valid("param").photoId } }), 200))
  .openapi(proposeLinkRoute, async (c) => c.json(await proposeShopLink({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), productId: c.req.valid("param").id } }), 201))
  .openapi(decideLinkRoute, async (c) => c.json(await decideShopLink({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), productId: c.req.valid("param").id, linkId: c.req.valid("param").linkId } }), 200))
  .openapi(withdrawLinkRoute, async (c) => c.json(await withdrawShopLink({ ctx: serviceCtx(c), input: { productId: c.req.valid("param").id, linkId: c.req.valid("param").linkId } }), 200));
