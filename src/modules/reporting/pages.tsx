import { Hono, type Context } from "hono";
import { unitScopes } from "../../auth/policy.js";
import { reportMonthSchema } from "../../domain/monthly-report.js";
import type { AppEnv } from "../../http/env.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { pdfResponse } from "../../lib/pdf/response.js";
import { forbidden } from "../../lib/problem.js";
import { parseInput } from "../../lib/validation.js";
import { formAction, formString, frame, idParam, page } from "../../web/page.js";
import { OverviewQuery, ReportTextInput, ReturnInput } from "./inputs.js";
import { filingUnitsOf, getReport, listUnitReports, monthOverview, monthRollup } from "./queries/reports.js";
import { fileReport, returnReport, saveDraft } from "./service.js";
import { type ReportFormValues, overviewPage, reportPage, rollupPage, unitReportsPage } from "./views/reports.js";

const FIELDS = ["number", "place", "recipients", "signerName", "signerTitle", "results", "difficulties", "proposals"] as const;
const UNIT_MONTH = "/units/:unitId{[0-9]+}/:month{[0-9][0-9-]+}";

const monthParam = (c: Context<AppEnv>) => parseInput(reportMonthSchema, c.req.param("month"));
const unitParam = (c: Context<AppEnv>) => idParam(c, "unitId", { vi: "đơn vị", en: "The unit" });
const monthQuery = (c: Context<AppEnv>) => parseInput(OverviewQuery, { month: c.req.query("month") || undefined });

/** Mounted at /monthly-reports. */
export const pages = new Hono<AppEnv>()
  // The office goes to the month's overview; a unit's official to its own months.
  .get("/", (c) =>
    page(c, async () => {
      const ctx = serviceCtx(c);
      if (unitScopes(ctx.principal, "monthly_reports.overview").length) return c.redirect("/monthly-reports/overview", 303);
      const [first] = await filingUnitsOf(ctx.db, ctx.principal);
      if (first) return c.redirect(`/monthly-reports/units/${first.id}`, 303);
      throw forbidden();
    }),
  )
  .get("/overview", (c) => page(c, async () => c.html(overviewPage({ ...frame(c), o: await monthOverview({ ctx: serviceCtx(c), input: monthQuery(c) }) }))))
  .get("/rollup", (c) => page(c, async () => c.html(rollupPage({ ...frame(c), r: await monthRollup({ ctx: serviceCtx(c), input: monthQuery(c) }) }))))
  .get("/rollup.xlsx", (c) =>
    page(c, async () => {
      const ctx = serviceCtx(c);
      const input = monthQuery(c);
      const [r, o] = await Promise.all([monthRollup({ ctx, input }), monthOverview({ ctx, input })]);
      const { rollupXlsx, xlsxResponse } = await import("./render/xlsx.js");
      return xlsxResponse(await rollupXlsx(r, o), `tong-hop-bao-cao-ocop-${r.month}.xlsx`);
    }),
  )
  .get("/units/:unitId{[0-9]+}", (c) =>
    page(c, async () => {
      const ctx = serviceCtx(c);
      const list = await listUnitReports({ ctx, input: { unitId: unitParam(c) } });
      return c.html(unitReportsPage({ ...frame(c), list, others: await filingUnitsOf(ctx.db, ctx.principal) }));
    }),
  )
  .get(UNIT_MONTH, (c) => page(c, async () => c.html(reportPage({ ...frame(c), report: await getReport({ ctx: serviceCtx(c), input: { unitId: unitParam(c), month: monthParam(c) } }), done: c.req.query("done") }))))
  .post(UNIT_MONTH, (c) =>
    page(c, async () => {
      const unitId = unitParam(c);
      const month = monthParam(c);
      const body = await c.req.parseBody();
      const values: ReportFormValues = Object.fromEntries(FIELDS.map((f) => [f, formString(body, f)]));
      const filing = formString(body, "action") === "file";
      return formAction(
        c,
        async () => {
          const input = { ...parseInput(ReportTextInput, values), unitId, month };
          await (filing ? fileReport : saveDraft)({ ctx: serviceCtx(c), input });
          return `/monthly-reports/units/${unitId}/${month}?done=${filing ? "filed" : "saved"}`;
        },
        async (error) => reportPage({ ...frame(c), report: await getReport({ ctx: serviceCtx(c), input: { unitId, month } }), error, values }),
      );
    }),
  )
  .post(`${UNIT_MONTH}/return`, (c) =>
    page(c, async () => {
      const unitId = unitParam(c);
      const month = monthParam(c);
      const reason = formString(await c.req.parseBody(), "reason");
      return formAction(
        c,
        async () => {
          await returnReport({ ctx: serviceCtx(c), input: { ...parseInput(ReturnInput, { reason }), unitId, month } });
          return `/monthly-reports/units/${unitId}/${month}?done=returned`;
        },
        async (error) => reportPage({ ...frame(c), report: await getReport({ ctx: serviceCtx(c), input: { unitId, month } }), error }),
      );
    }),
  )
  .get(`${UNIT_MONTH}/report.pdf`, (c) =>
    page(c, async () => {
      const r = await getReport({ ctx: serviceCtx(c), input: { unitId: unitParam(c), month: monthParam(c) } });
      const { reportPdf } = await import("./pdf/report.js");
      return pdfResponse(reportPdf(r, c.var.deps.now()), `bao-cao-ocop-${r.month}-${r.unit.code}.pdf`);
    }),
  )
  .get(`${UNIT_MONTH}/report.xlsx`, (c) =>
    page(c, async () => {
      const r = await getReport({ ctx: serviceCtx(c), input: { unitId: unitParam(c), month: monthParam(c) } });
      const { reportXlsx, xlsxResponse } = await import("./render/xlsx.js");
      return xlsxResponse(await reportXlsx(r), `bao-cao-ocop-${r.month}-${r.unit.code}.xlsx`);
    }),
  );
