import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { csvCell, csvResponse } from "../../lib/csv.js";
import { vnToday } from "../../lib/dates.js";
import { notFound } from "../../lib/problem.js";
import { parseInput } from "../../lib/validation.js";
import { frame, isInputError, page } from "../../web/page.js";
import { pickLabel } from "../../web/picker.js";
import { DashboardQuery } from "./inputs.js";
import { dashboardScope, loadDashboard } from "./queries.js";
import { dashboardPage } from "./views/dashboard.js";
import { dashboardTables, TABLE_IDS, type TableId } from "./views/tables.js";
import { tablesWorkbook, XLSX_TYPE } from "./render/workbook.js";

/*
 * Mounted at /dashboard: the page (GET form of a year and a unit, so a filtered dashboard is a link), and each
 * figure's table as CSV or XLSX, and all of them as one workbook. Exports are built from the same tables as the page.
 */

const FIRST_YEAR = 2019; // the registry holds the programme's records from the 2019 cycle (seed 004's "72 products certified in 2019")

const query = (c: Context<AppEnv>) => parseInput(DashboardQuery, Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== "")));

const years = (today: string) => {
  const last = Number(today.slice(0, 4));
  return Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => last - i);
};

async function tablesOf(c: Context<AppEnv>) {
  const { dashboard } = await loadDashboard(serviceCtx(c), query(c));
  return { dashboard, tables: dashboardTables(dashboard, c.var.locale) };
}

const tableId = (raw: string): TableId => {
  if (!(TABLE_IDS as readonly string[]).includes(raw)) throw notFound({ vi: "bảng số liệu", en: "The table" });
  return raw as TableId;
};

const fileBase = (d: { year: number; unit: { code: string } }) => `so-lieu-ocop-${d.year}-${d.unit.code}`;

const xlsx = (bytes: Uint8Array<ArrayBuffer>, name: string) =>
  new Response(bytes, { headers: { "content-type": XLSX_TYPE, "content-disposition": `attachment; filename="${name}"`, "cache-control": "private, no-store" } });

export const dashboardPages = new Hono<AppEnv>()
  .get("/", (c) =>
    page(c, async () => {
      const ctx = serviceCtx(c);
      const raw = c.req.query();
      try {
        const { dashboard, units } = await loadDashboard(ctx, query(c));
        const unit = units.find((u) => u.id === dashboard.unit.id)!;
        return c.html(dashboardPage({ ...frame(c), dashboard, units, years: years(dashboard.today), values: { year: String(dashboard.year), unit: pickLabel(unit) } }), 200);
      } catch (err) {
        if (!isInputError(err)) throw err;
        // An unknown unit or year: the form again with the message beside the field, and no figures.
        const { units } = await dashboardScope(ctx, {});
        const today = vnToday(ctx.now);
        return c.html(dashboardPage({ ...frame(c), dashboard: null, units, years: years(today), values: { year: raw["year"] ?? today.slice(0, 4), unit: raw["unit"] ?? "" }, error: err }), err.status);
      }
    }),
  )
  .get("/export.xlsx", (c) =>
    page(c, async () => {
      const { dashboard, tables } = await tablesOf(c);
      return xlsx(await tablesWorkbook(TABLE_IDS.map((id) => tables[id]), c.var.locale), `${fileBase(dashboard)}.xlsx`);
    }),
  )
  .get("/export/:file{[a-z-]+\\.[a-z]+}", (c) =>
    page(c, async () => {
      const [base, ext] = c.req.param("file").split(".") as [string, string];
      if (ext !== "csv" && ext !== "xlsx") throw notFound({ vi: "tệp", en: "The file" });
      const id = tableId(base);
      const { dashboard, tables } = await tablesOf(c);
      const table = tables[id];
      const name = `${fileBase(dashboard)}-${id}.${ext}`;
      if (ext === "xlsx") return xlsx(await tablesWorkbook([table], c.var.locale), name);
      return csvResponse(name, table.columns.map((col) => csvCell(col.label[c.var.locale])), table.rows);
    }),
  );
