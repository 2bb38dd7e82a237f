import { zId, zQueryId } from "../../lib/validation.js";
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { commonErrors, IdParam, idParamSchema, json, jsonBody, problem } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { runtimeOf, sellStamp } from "../stamps/index.js";
import { RetailPointInput, RetailPointSchema, StockItemSchema, VerificationSchema } from "./inputs.js";
import { addStock, authorizeVerify, getRetailPoint, listRetailPoints, listStock, registerRetailPoint, removeStock, verificationOf } from "./service.js";

const common = commonErrors();
const nf = { 404: problem("No such retail point") };
const T = ["retail"];
const StockList = z.object({ items: z.array(StockItemSchema) });
const SaleSchema = z.object({ stampId: z.number().int(), soldAt: z.string(), already: z.boolean() }).openapi("StampSale");

const verifyRoute = createRoute({
  method: "get",
  path: "/verify",
  tags: T,
  summary: "Verify a stamp code at a point of sale: verdict, product, stars and certificate status, without recording a scan",
  description: "The code may be typed in any case, with or without hyphens. A code that is not a stamp's gives the verdict \"unknown\" with its reason (200).",
  request: { query: z.object({ code: z.string().max(500).openapi({ example: "ABCD-EFGH-JKMN-PQRS-TVWX" }) }) },
  responses: { 200: json(VerificationSchema, "The verdict"), ...common },
});
const sellRoute = createRoute({
  method: "post",
  path: "/{id}/sales",
  tags: T,
  summary: "Mark a stamp sold at this point's till (201; 200 when this point sold it already): a later consumer scan says where and when",
  description: "Only an activated stamp that is not void. A stamp sold by another point is a 409 naming that sale (the pack may carry a reused stamp).",
  request: { params: IdParam, ...jsonBody(z.strictObject({ code: z.string().min(1).max(200).openapi({ example: "ABCD-EFGH-JKMN-PQRS-TVWX" }) })) },
  responses: { 201: json(SaleSchema, "Sold"), 200: json(SaleSchema, "Already sold here"), ...common, ...nf, 409: problem("The stamp is void, not activated, or sold by another point") },
});
const listRoute = createRoute({ method: "get", path: "/", tags: T, summary: "Retail points the caller may read (its units, or its own point)", request: { query: z.object({ communeId: zQueryId().optional() }) }, responses: { 200: json(z.object({ items: z.array(RetailPointSchema) }), "Retail points"), ...common } });
const registerRoute = createRoute({ method: "post", path: "/", tags: T, summary: "Register a point of sale (Decision 950/QĐ-BCT) in a commune of the office's province", request: jsonBody(RetailPointInput), responses: { 201: json(RetailPointSchema, "The registered point"), ...common } });
const getRoute = createRoute({ method: "get", path: "/{id}", tags: T, summary: "One retail point", request: { params: IdParam }, responses: { 200: json(RetailPointSchema.extend({ canManage: z.boolean() }), "The retail point"), ...common, ...nf } });
const stockRoute = createRoute({
  method: "get",
  path: "/{id}/stock",
  tags: T,
  summary: "The products a point stocks, each with its certificate status today and a warning when it is no longer valid (or expires soon)",
  request: { params: IdParam },
  responses: { 200: json(StockList, "The stock"), ...common, ...nf },
});
const addStockRoute = createRoute({
  method: "post",
  path: "/{id}/stock",
  tags: T,
  summary: "Add a product to the point's stock (201; 200 when it was stocked already)",
  request: { params: IdParam, ...jsonBody(z.strictObject({ productId: zId() })) },
  responses: { 201: json(StockList, "Added"), 200: json(StockList, "Already stocked"), ...common, ...nf },
});
const removeStockRoute = createRoute({
  method: "delete",
  path: "/{id}/stock/{productId}",
  tags: T,
  summary: "Remove a product from the point's stock",
  request: { params: z.object({ id: idParamSchema("id"), productId: idParamSchema("productId") }) },
  responses: { 200: json(StockList, "The remaining stock"), ...common, 404: problem("No such retail point, or the product is not stocked") },
});

// Mounted at /api/retail. The verify route comes before /{id}, which would otherwise take "verify" for an id.
export const retailApi = createRouter()
  .openapi(verifyRoute, async (c) => {
    authorizeVerify(c.var.auth.principal);
    const result = await runtimeOf(c).scans.peek(c.req.valid("query").code, c.var.deps.now());
    c.header("cache-control", "no-store");
    return c.json(verificationOf(result), 200);
  })
  .openapi(sellRoute, async (c) => {
    const rt = runtimeOf(c);
    const sale = await sellStamp({ ctx: serviceCtx(c), input: { code: c.req.valid("json").code, retailPointId: c.req.valid("param").id }, stampKeys: rt.stampKeys, cache: rt.cache });
    return c.json({ stampId: sale.stampId, soldAt: sale.soldAt, already: sale.already }, sale.already ? 200 : 201);
  })
  .openapi(listRoute, async (c) => c.json({ items: await listRetailPoints({ ctx: serviceCtx(c), input: c.req.valid("query") }) }, 200))
  .openapi(registerRoute, async (c) => c.json(await registerRetailPoint({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(getRoute, async (c) => c.json(await getRetailPoint({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200))
  .openapi(stockRoute, async (c) => c.json({ items: await listStock({ ctx: serviceCtx(c), input: { retailPointId: c.req.valid("param").id } }) }, 200))
  .openapi(addStockRoute, async (c) => {
    const r = await addStock({ ctx: serviceCtx(c), input: { retailPointId: c.req.valid("param").id, productId: c.req.valid("json").productId } });
    return r.added ? c.json({ items: r.items }, 201) : c.json({ items: r.items }, 200);
  })
  .openapi(removeStockRoute, async (c) => {
    const p = c.req.valid("param");
    return c.json({ items: await removeStock({ ctx: serviceCtx(c), input: { retailPointId: p.id, productId: p.productId } }) }, 200);
  });
