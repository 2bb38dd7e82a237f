import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { problem } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { BudgetReportQuery, BudgetReportSchema, CreatePlanInput, ListPlansQuery, PlanActionInput, PlanDetailSchema, PlanListSchema, UpdatePlanInput } from "./inputs.js";
import { actOnPlan, budgetReport, createPlan, getPlan, listPlans, updatePlan } from "./service.js";

const IdParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: "id", in: "path" }, example: 1 }) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const common = {
  400: problem("Invalid input: a missing field, a negative or overflowing amount, profit above revenue, a missing reason or support amount"),
  401: problem("Sign-in required"),
  403: problem("Not allowed for this role, or missing x-csrf-token"),
};
const notFound = { 404: problem("No such plan visible to the caller") };

const listRoute = createRoute({
  method: "get",
  path: "/api/plans",
  tags: ["plans"],
  summary: "List business plans (Phương án sản xuất kinh doanh)",
  request: { query: ListPlansQuery },
  responses: { 200: json(PlanListSchema, "A page of plans"), ...common },
});
const createPlanRoute = createRoute({
  method: "post",
  path: "/api/ideas/{id}/plan",
  tags: ["plans"],
  summary: "Write the business plan of an approved idea",
  description: "Amounts are whole đồng (integers, or strings of digits). Profit may be negative (a loss) but not above revenue.",
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: CreatePlanInput } } } },
  responses: { 201: json(PlanDetailSchema, "The new plan (draft)"), ...common, 404: problem("No such idea visible to the caller"), 409: problem("The idea is not approved, or already has a plan") },
});
const getRoute = createRoute({
  method: "get",
  path: "/api/plans/{id}",
  tags: ["plans"],
  summary: "One plan with its history",
  request: { params: IdParam },
  responses: { 200: json(PlanDetailSchema, "The plan"), ...common, ...notFound },
});
const updateRoute = createRoute({
  method: "patch",
  path: "/api/plans/{id}",
  tags: ["plans"],
  summary: "Edit a draft plan, or one sent back for revision",
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: UpdatePlanInput } } } },
  responses: { 200: json(PlanDetailSchema, "The plan"), ...common, ...notFound, 409: problem("The plan is awaiting approval or approved") },
});
const actionRoute = createRoute({
  method: "post",
  path: "/api/plans/{id}/actions",
  tags: ["plans"],
  summary: "Submit, approve (with the estimated state support), request revision, resubmit",
  description:
    "The approving level is the district in the chain with one, the province otherwise. Approval needs `estimatedStateSupport` and creates the product with its code T-X-STT-YEAR; `responsibleUserId` names the official who guides it.",
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: PlanActionInput } } } },
  responses: { 200: json(PlanDetailSchema, "The plan after the step"), ...common, ...notFound, 409: problem("Wrong state, or the submission deadline passed") },
});
const budgetRoute = createRoute({
  method: "get",
  path: "/api/reports/budget",
  tags: ["plans"],
  summary: "Budget totals of approved plans, per district and for the province (to the đồng)",
  request: { query: BudgetReportQuery },
  responses: { 200: json(BudgetReportSchema, "Totals as decimal strings"), ...common, 404: problem("No such cycle") },
});

export const plansRoutes = createRouter()
  .openapi(listRoute, async (c) => c.json(await listPlans({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200))
  .openapi(createPlanRoute, async (c) => c.json(await createPlan({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ideaId: c.req.valid("param").id } }), 201))
  .openapi(getRoute, async (c) => c.json(await getPlan({ ctx: serviceCtx(c), input: { planId: c.req.valid("param").id } }), 200))
  .openapi(updateRoute, async (c) => c.json(await updatePlan({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), planId: c.req.valid("param").id } }), 200))
  .openapi(actionRoute, async (c) => c.json(await actOnPlan({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), planId: c.req.valid("param").id } }), 200))
  .openapi(budgetRoute, async (c) => c.json(await budgetReport({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200));
