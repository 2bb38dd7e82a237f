import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { IdParam, commonErrors, conflictError, json, jsonBody, notFoundError } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { BudgetReportQuery, BudgetReportSchema, CreatePlanInput, ListPlansQuery, PlanActionInput, PlanDetailSchema, PlanListSchema, UpdatePlanInput } from "./inputs.js";
import { budgetReport, getPlan, listPlans } from "./queries.js";
import { actOnPlan, createPlan, updatePlan } from "./service.js";

const common = commonErrors("Invalid input: a missing field, a negative or overflowing amount, profit above revenue, a missing reason or support amount");
const notFound = notFoundError("plan visible to the caller");

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["plans"],
  summary: "List business plans (Phương án sản xuất kinh doanh)",
  request: { query: ListPlansQuery },
  responses: { 200: json(PlanListSchema, "A page of plans"), ...common },
});
const createPlanRoute = createRoute({
  method: "post",
  path: "/{id}/plan",
  tags: ["plans"],
  summary: "Write the business plan of an approved idea",
  description: "Amounts are whole đồng (integers, or strings of digits). Profit may be negative (a loss) but not above revenue.",
  request: { params: IdParam, ...jsonBody(CreatePlanInput) },
  responses: { 201: json(PlanDetailSchema, "The new plan (draft)"), ...common, ...notFoundError("idea visible to the caller"), ...conflictError("The idea is not approved, or already has a plan") },
});
const getRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["plans"],
  summary: "One plan with its history",
  request: { params: IdParam },
  responses: { 200: json(PlanDetailSchema, "The plan"), ...common, ...notFound },
});
const updateRoute = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["plans"],
  summary: "Edit a draft plan, or one sent back for revision",
  request: { params: IdParam, ...jsonBody(UpdatePlanInput) },
  responses: { 200: json(PlanDetailSchema, "The plan"), ...common, ...notFound, ...conflictError("The plan is awaiting approval or approved") },
});
const actionRoute = createRoute({
  method: "post",
  path: "/{id}/actions",
  tags: ["plans"],
  summary: "Submit, approve (with the estimated state support), request revision, resubmit",
  description:
    "The approving level is the district in the chain with one, the province otherwise. Approval needs `estimatedStateSupport` and creates the product with its code T-X-STT-YEAR; `responsibleUserId` names the official who guides it.",
  request: { params: IdParam, ...jsonBody(PlanActionInput) },
  responses: { 200: json(PlanDetailSchema, "The plan after the step"), ...common, ...notFound, ...conflictError("Wrong state, or the submission deadline passed") },
});
const budgetRoute = createRoute({
  method: "get",
  path: "/budget",
  tags: ["plans"],
  summary: "Budget totals of approved plans, per district and for the province (to the đồng)",
  request: { query: BudgetReportQuery },
  responses: { 200: json(BudgetReportSchema, "Totals as decimal strings"), ...common, ...notFoundError("cycle") },
});

/** Mounted at /api/plans. */
export const api = createRouter()
  .openapi(listRoute, async (c) => c.json(await listPlans({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200))
  .openapi(getRoute, async (c) => c.json(await getPlan({ ctx: serviceCtx(c), input: { planId: c.req.valid("param").id } }), 200))
  .openapi(updateRoute, async (c) => c.json(await updatePlan({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), planId: c.req.valid("param").id } }), 200))
  .openapi(actionRoute, async (c) => c.json(await actOnPlan({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), planId: c.req.valid("param").id } }), 200));

/** Mounted at /api/ideas: an idea's plan is written at the idea's address. */
export const ideaPlanApi = createRouter().openapi(createPlanRoute, async (c) =>
  c.json(await createPlan({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ideaId: c.req.valid("param").id } }), 201),
);

/** Mounted at /api/reports. */
export const budgetApi = createRouter().openapi(budgetRoute, async (c) => c.json(await budgetReport({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200));
