import { zQueryId } from "../../lib/validation.js";
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { IdParam, commonErrors, conflictError, json, jsonBody, notFoundError } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { CreateCycleInput, CycleListSchema, CycleSchema, UpdateCycleInput } from "./inputs.js";
import { createCycle, getCycle, listCycles, updateCycle } from "./service.js";

const common = commonErrors("Invalid input (unknown fields, impossible dates, deadlines out of order)", "Not allowed, or missing x-csrf-token");

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["cycles"],
  summary: "List OCOP cycles (Chu trình OCOP hằng năm)",
  request: { query: z.object({ provinceId: zQueryId().optional() }) },
  responses: { 200: json(CycleListSchema, "Cycles, newest year first"), ...common },
});
const getRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["cycles"],
  summary: "One cycle with its chain and deadlines",
  request: { params: IdParam },
  responses: { 200: json(CycleSchema, "The cycle"), ...common, ...notFoundError("cycle") },
});
const createCycleRoute = createRoute({
  method: "post",
  path: "/",
  tags: ["cycles"],
  summary: "Set up a cycle year (Lập chu trình)",
  description: "The provincial office sets a year's chain of levels and deadlines for its province. The district-list deadline is required for the chain with a district.",
  request: { ...jsonBody(CreateCycleInput) },
  responses: { 201: json(CycleSchema, "The new cycle"), ...common, ...conflictError("The province already has a cycle for that year") },
});
const updateCycleRoute = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["cycles"],
  summary: "Move deadlines or change the chain",
  description: "Deadlines may move at any time. The chain may change only while every idea of the cycle is still a draft.",
  request: { params: IdParam, ...jsonBody(UpdateCycleInput) },
  responses: { 200: json(CycleSchema, "The updated cycle"), ...common, ...notFoundError("cycle"), ...conflictError("Ideas were submitted: the chain can no longer change") },
});

/** Mounted at /api/cycles. */
export const cyclesApi = createRouter()
  .openapi(listRoute, async (c) => c.json({ items: await listCycles({ ctx: serviceCtx(c), input: c.req.valid("query") }) }, 200))
  .openapi(getRoute, async (c) => c.json(await getCycle({ ctx: serviceCtx(c), input: { cycleId: c.req.valid("param").id } }), 200))
  .openapi(createCycleRoute, async (c) => c.json(await createCycle({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(updateCycleRoute, async (c) => c.json(await updateCycle({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), cycleId: c.req.valid("param").id } }), 200));
