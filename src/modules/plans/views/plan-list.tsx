import { PLAN_STATE_LABELS } from "../../../domain/plan-workflow.js";
import type { Bilingual } from "../../../lib/i18n.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { ListPlansQuery, PlanList } from "../inputs.js";
import { STATE_BADGE, dong } from "./plan-fields.js";

export function plansListPage(p: Frame & { list: PlanList; query: ListPlansQuery; official: boolean }): string {
  const L = p.locale;
  const tab = (waiting: boolean, label: Bilingual) => (
    <a href={`/plans?waiting=${waiting ? 1 : 0}`} aria-current={!!p.query.waiting === waiting ? "page" : undefined} class="button secondary">
      {t(L, label)}
    </a>
  );
  return renderPage(
    <Layout title={{ vi: "Phương án sản xuất kinh doanh", en: "Business plans" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      {p.official ? (
        <p class="filters">
          {tab(true, { vi: "Chờ tôi phê duyệt", en: "Waiting for my approval" })} {tab(false, { vi: "Tất cả trong địa bàn", en: "All in my area" })}
        </p>
      ) : null}
      {p.list.items.length === 0 ? (
        <p class="empty">{t(L, { vi: "Không có phương án nào.", en: "No plans." })}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t(L, { vi: "Sản phẩm dự kiến", en: "Product" })}</th>
                <th>{t(L, { vi: "Chủ thể, địa bàn", en: "Producer, area" })}</th>
                <th>{t(L, { vi: "Trạng thái", en: "State" })}</th>
                <th class="num">{t(L, { vi: "Tổng kinh phí", en: "Total budget" })}</th>
                <th class="num">{t(L, { vi: "Đề nghị hỗ trợ", en: "Support requested" })}</th>
              </tr>
            </thead>
            <tbody>
              {p.list.items.map((b) => (
                <tr>
                  <td>
                    <a href={`/plans/${b.id}`}>{b.ideaName}</a>
                    <div class="sub">{String(b.cycleYear)}</div>
                  </td>
                  <td>
                    {b.producerName}
                    <div class="sub">{[b.communeName, b.parentUnitName].filter(Boolean).join(", ")}</div>
                  </td>
                  <td>
                    <span class={STATE_BADGE[b.state]}>{t(L, PLAN_STATE_LABELS[b.state])}</span>
                  </td>
                  <td class="num">{dong(b.budget.total)}</td>
                  <td class="num">{dong(b.budget.requestedSupport)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>,
  );
}
