import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { problem } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { CreateCycleInput, CycleListSchema, CycleSchema, UpdateCycleInput } from "./inputs.js";
import { createCycle, getCycle, listCycles, updateCycle } from "./service.js";

const IdParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: "id", in: "path" }, example: 1 }) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const common = { 400: problem("Invalid input (unknown fields, impossible dates, deadlines out of order)"), 401: problem("Sign-in required"), 403: problem("Not allowed, or missing x-csrf-token") };

const listRoute = createRoute({
  method: "get",
  path: "/api/cycles",
  tags: ["cycles"],
  summary: "List OCOP cycles (Chu trình OCOP hằng năm)",
  request: { query: z.object({ provinceId: z.coerce.number().int().positive().optional() }) },
  responses: { 200: json(CycleListSchema, "Cycles, newest year first"), ...common },
});
const getRoute = createRoute({
  method: "get",
  path: "/api/cycles/{id}",
  tags: ["cycles"],
  summary: "One cycle with its chain and deadlines",
  request: { params: IdParam },
  responses: { 200: json(CycleSchema, "The cycle"), ...common, 404: problem("No such cycle") },
});
const createCycleRoute = createRoute({
  method: "post",
  path: "/api/cycles",
  tags: ["cycles"],
  summary: "Set up a cycle year (Lập chu trình)",
  description: "The provincial office sets a year's chain of levels and deadlines for its province. The district-list deadline is required for the chain with a district.",
  request: { body: { required: true, content: { "application/json": { schema: CreateCycleInput } } } },
  responses: { 201: json(CycleSchema, "The new cycle"), ...common, 409: problem("The province already has a cycle for that year") },
});
const updateCycleRoute = createRoute({
  method: "patch",
  path: "/api/cycles/{id}",
  tags: ["cycles"],
  summary: "Move deadlines or change the chain",
  description: "Deadlines may move at any time. The chain may change only while every idea of the cycle is still a draft.",
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: UpdateCycleInput } } } },
  responses: { 200: json(CycleSchema, "The updated cycle"), ...common, 404: problem("No such cycle"), 409: problem("Ideas were submitted: the chain can no longer change") },
});

export const cyclesRoutes = createRouter()
  .openapi(listRoute, async (c) => c.json({ items: await listCycles({ ctx: serviceCtx(c), input: c.req.valid("query") }) }, 200))
  .openapi(getRoute, async (c) => c.json(await getCycle({ ctx: serviceCtx(c), input: { cycleId: c.req.valid("param").id } }), 200))
  .openapi(createCycleRoute, async (c) => c.json(await createCycle({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(updateCycleRoute, async (c) => c.json(await updateCycle({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), cycleId: c.req.valid("param").id } }), 200));
