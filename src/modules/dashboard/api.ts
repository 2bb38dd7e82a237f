import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { commonErrors, json } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { DashboardQuery, DashboardSchema } from "./inputs.js";
import { loadDashboard } from "./queries.js";

const dashboardRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["dashboard"],
  summary: "The province's figures for a year and a unit: products in force by stars, group and commune; the year's pipeline; certificates ending within 180 days; 5★ proposals; funding by source and unit; stamps; open fake reports",
  request: { query: DashboardQuery },
  responses: { 200: json(DashboardSchema, "The figures (money as whole đồng in decimal strings)"), ...commonErrors("Invalid year or unit, or a year to come", "Not an OCOP official, or a unit outside the caller's") },
});

/** Mounted at /api/dashboard. */
export const dashboardApi = createRouter().openapi(dashboardRoute, async (c) => c.json((await loadDashboard(serviceCtx(c), c.req.valid("query"))).dashboard, 200));
