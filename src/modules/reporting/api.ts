import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { commonErrors, conflictError, json, jsonBody, notFoundError } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { MonthlyReportSchema, OverviewQuery, OverviewSchema, ReportTextInput, ReturnInput, RollupSchema, UnitMonthParams, UnitParams, UnitReportsSchema } from "./inputs.js";
import { getReport, listUnitReports, monthOverview, monthRollup } from "./queries/reports.js";
import { fileReport, returnReport, saveDraft } from "./service.js";

const common = commonErrors("Invalid input: a malformed month, a month not begun, a field too long, filing without the results section");
const notFound = notFoundError("report: the unit does not report that month, or is not visible to the caller");
const TAGS = ["monthly reports"];

const overviewRoute = createRoute({
  method: "get",
  path: "/overview",
  tags: TAGS,
  summary: "Who has filed the month's report, who is late, who has not filed (the office)",
  request: { query: OverviewQuery },
  responses: { 200: json(OverviewSchema, "One row per reporting unit"), ...common },
});
const rollupRoute = createRoute({
  method: "get",
  path: "/rollup",
  tags: TAGS,
  summary: "The province's month: each unit's figures (as filed, or live where not filed) and their sums",
  request: { query: OverviewQuery },
  responses: { 200: json(RollupSchema, "The roll-up; money in whole đồng as strings"), ...common },
});
const unitRoute = createRoute({
  method: "get",
  path: "/units/{unitId}",
  tags: TAGS,
  summary: "A unit's reports of the last 12 months, with where each stands",
  request: { params: UnitParams },
  responses: { 200: json(UnitReportsSchema, "The unit's months"), ...common, ...notFoundError("unit visible to the caller") },
});
const getRoute = createRoute({
  method: "get",
  path: "/units/{unitId}/{month}",
  tags: TAGS,
  summary: "A unit's report for a month: live figures while a draft, frozen once filed",
  description: "Due on the 20th of the next month (that day included, Vietnam time); filing opens on the 1st of the next month.",
  request: { params: UnitMonthParams },
  responses: { 200: json(MonthlyReportSchema, "The report"), ...common, ...notFound },
});
const saveRoute = createRoute({
  method: "put",
  path: "/units/{unitId}/{month}",
  tags: TAGS,
  summary: "Save the draft's text (number, place, recipients, signer, results, difficulties, proposals)",
  request: { params: UnitMonthParams, ...jsonBody(ReportTextInput) },
  responses: { 200: json(MonthlyReportSchema, "The draft"), ...common, ...notFound, ...conflictError("The report is already filed") },
});
const fileRoute = createRoute({
  method: "post",
  path: "/units/{unitId}/{month}/file",
  tags: TAGS,
  summary: "File the report: the registry's figures are frozen into it; after the 20th it is marked late",
  request: { params: UnitMonthParams, ...jsonBody(ReportTextInput) },
  responses: { 200: json(MonthlyReportSchema, "The filed report"), ...common, ...notFound, ...conflictError("Already filed, or the month is not over") },
});

const returnRoute = createRoute({
  method: "post",
  path: "/units/{unitId}/{month}/return",
  tags: TAGS,
  summary: "Return a filed report to its unit for correction, with a reason (the office)",
  description: "The report becomes a draft again with live figures; refiling keeps the lateness of its first filing.",
  request: { params: UnitMonthParams, ...jsonBody(ReturnInput) },
  responses: { 200: json(MonthlyReportSchema, "The report, a draft again"), ...common, ...notFound, ...conflictError("The report is not filed") },
});

/** Mounted at /api/monthly-reports. */
export const api = createRouter()
  .openapi(overviewRoute, async (c) => c.json(await monthOverview({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200))
  .openapi(rollupRoute, async (c) => c.json(await monthRollup({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200))
  .openapi(unitRoute, async (c) => c.json(await listUnitReports({ ctx: serviceCtx(c), input: c.req.valid("param") }), 200))
  .openapi(getRoute, async (c) => c.json(await getReport({ ctx: serviceCtx(c), input: c.req.valid("param") }), 200))
  .openapi(saveRoute, async (c) => c.json(await saveDraft({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ...c.req.valid("param") } }), 200))
  .openapi(fileRoute, async (c) => c.json(await fileReport({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ...c.req.valid("param") } }), 200))
  .openapi(returnRoute, async (c) => c.json(await returnReport({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ...c.req.valid("param") } }), 200));
