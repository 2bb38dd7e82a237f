import { BUDGET_PART_LABELS } from "../../../domain/budget.js";
import { type Bilingual, formatNumber } from "../../../lib/i18n.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { CycleView } from "../../cycles/index.js";
import type { BudgetReport } from "../inputs.js";

export function budgetPage(p: Frame & { cycles: CycleView[]; cycleId: number | undefined; report: BudgetReport | null }): string {
  const L = p.locale;
  const r = p.report;
  const cols = ["ownCapital", "loans", "otherSources", "stateSupport", "total"] as const;
  const colLabel: Record<(typeof cols)[number], Bilingual> = { ...BUDGET_PART_LABELS, total: { vi: "Tổng", en: "Total" } };
  return renderPage(
    <Layout title={{ vi: "Tổng hợp kinh phí phương án đã phê duyệt", en: "Budget of approved plans" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <form method="get" action="/reports/budget" class="filters">
        <label>
          {t(L, { vi: "Chu trình", en: "Cycle" })}
          <select name="cycleId">
            {p.cycles.map((c) => (
              <option value={String(c.id)} selected={p.cycleId === c.id}>
                {`${c.year} — ${c.provinceName}`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          {t(L, { vi: "Xem", en: "Show" })}
        </button>
      </form>
      {r ? (
        <>
          <p class="sub">
            {t(L, { vi: "Ngân sách nhà nước hỗ trợ là dự toán do cấp phê duyệt ghi. Đơn vị: đồng.", en: "State support is the estimate recorded at approval. Amounts in đồng." })}{" "}
            <a href={`/reports/budget.csv?cycleId=${r.cycleId}`}>{t(L, { vi: "Tải CSV", en: "Download CSV" })}</a>
          </p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t(L, { vi: "Đơn vị", en: "Unit" })}</th>
                  <th class="num">{t(L, { vi: "Số phương án", en: "Plans" })}</th>
                  {cols.map((c) => (
                    <th class="num">{t(L, colLabel[c])}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[...r.byDistrict, { ...r.province, unitName: t(L, { vi: `Toàn tỉnh ${r.provinceName}`, en: `Province total (${r.provinceName})` }) }].map((row, i, all) => (
                  <tr>
                    <td>{i === all.length - 1 ? <strong>{row.unitName}</strong> : row.unitName}</td>
                    <td class="num">{formatNumber(row.count)}</td>
                    {cols.map((c) => (
                      <td class="num">{formatNumber(BigInt(row[c]))}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p class="empty">{t(L, { vi: "Chưa có chu trình nào.", en: "No cycle yet." })}</p>
      )}
    </Layout>,
  );
}
