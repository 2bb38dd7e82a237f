import { vnToday } from "../../../lib/dates.js";
import { validationError } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import type { ScanStats } from "../inputs.js";
import { DAYS, MAX_DAYS, scansByDay, scansByDayAndPlace, scansByPlace, scansByCommune, scansByProduct, statsScope, statsWindowOf } from "./scan-stats.js";

/*
 * GET /api/stamps/scan-stats: the scan page's figures as JSON for a producer's own systems (GS1 resolver users ask
 * for an analytics API, not a dashboard). Same scope as the page (statsScope: the caller's products, or the
 * office's units), same counting (first scans, rolled-up days added to the live ones), any window of Vietnam
 * calendar days up to today, at most MAX_DAYS long.
 */

const DAY_MS = 86_400_000;
const shift = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

export async function scanStats(ctx: ServiceCtx, q: { productId?: number | undefined; from?: string | undefined; to?: string | undefined; by: ScanStats["by"] }): Promise<ScanStats> {
  const scope = await statsScope(ctx, q.productId);
  const today = vnToday(ctx.now);
  const to = q.to ?? today;
  const from = q.from ?? shift(to, -(DAYS - 1));
  const errors = [];
  if (to > today) errors.push({ path: "to", vi: `Ngày cuối không được sau hôm nay (${today}).`, en: `The last day may not be after today (${today}).`, message: "to is after today" });
  if (from > to) errors.push({ path: "from", vi: "Ngày đầu phải trước hoặc bằng ngày cuối.", en: "The first day must not be after the last.", message: "from is after to" });
  else if (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) >= MAX_DAYS * DAY_MS) errors.push({ path: "from", vi: `Mỗi lần xem tối đa ${MAX_DAYS} ngày.`, en: `At most ${MAX_DAYS} days per request.`, message: "window too long" });
  if (errors.length) throw validationError(errors);
  const w = statsWindowOf(from, to, ctx.now);
  const rows: ScanStats["rows"] =
    q.by === "day" ? await scansByDay(ctx.db, scope, w) : q.by === "place" ? await scansByPlace(ctx.db, scope, w, 10_000) : q.by === "product" ? await scansByProduct(ctx.db, scope, w) : q.by === "commune" ? await scansByCommune(ctx.db, scope, w) : await scansByDayAndPlace(ctx.db, scope, w);
  return { from, to, timeZone: "Asia/Ho_Chi_Minh", by: q.by, product: scope.product, total: rows.reduce((n, r) => n + r.scans, 0), rows };
}
