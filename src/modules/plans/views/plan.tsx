import { PLAN_ACTION_LABELS, PLAN_STATE_LABELS, PLAN_TRANSITIONS, type PlanAction } from "../../../domain/plan-workflow.js";
import type { Bilingual } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { WorkflowHistory } from "../../../web/workflow-history.js";
import type { OfficialView } from "../../products/index.js";
import type { PlanDetail } from "../inputs.js";
import { MONEY_FIELDS, MONEY_LABELS, STATE_BADGE, TEXT_FIELDS, dong, type PlanTextField } from "./plan-fields.js";

const NOTICES: Record<string, Bilingual> = {
  created: { vi: "Đã lưu phương án ở dạng nháp.", en: "Plan saved as a draft." },
  updated: { vi: "Đã lưu phương án.", en: "Plan saved." },
  ...Object.fromEntries(Object.entries(PLAN_ACTION_LABELS).map(([a, l]) => [a, { vi: `Đã thực hiện: ${l.vi}.`, en: `Done: ${l.en}.` }])),
};

const reasonRequired = (a: PlanAction) => PLAN_TRANSITIONS.some((d) => d.action === a && d.reasonRequired);

export function planPage(p: Frame & { plan: PlanDetail; officials: OfficialView[]; done?: string | undefined; error?: AppError; actionError?: PlanAction; values?: Record<string, string> }): string {
  const L = p.locale;
  const b = p.plan;
  return renderPage(
    <Layout title={{ vi: `Phương án: ${b.ideaName}`, en: `Plan: ${b.ideaName}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/plans">{t(L, { vi: "← Danh sách phương án", en: "← All plans" })}</a> · <a href={`/ideas/${b.ideaId}`}>{t(L, { vi: "Ý tưởng", en: "The idea" })}</a>
      </p>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <p>
        <span class={STATE_BADGE[b.state]}>{t(L, PLAN_STATE_LABELS[b.state])}</span> <span class="sub">{`${b.producerName} · ${[b.communeName, b.parentUnitName].filter(Boolean).join(", ")} · ${b.cycleYear}`}</span>
      </p>
      {b.lastReason && b.state === "revision_requested" ? (
        <div class="notice warn" role="status">
          <p>
            <strong>{t(L, { vi: "Yêu cầu chỉnh sửa:", en: "Revision requested:" })}</strong> {b.lastReason}
          </p>
        </div>
      ) : null}
      {b.productId !== null ? (
        <p>
          <a class="button" href={`/products/${b.productId}`}>
            {t(L, { vi: "Xem sản phẩm", en: "See the product" })}
          </a>
        </p>
      ) : null}
      {/* A missing reason is said under the reason field only, not again at the top. */}
      <Problem error={p.error} locale={L} beside={p.actionError && reasonRequired(p.actionError) && b.actions.includes(p.actionError) ? ["reason"] : []} />
      {b.actions.length ? (
        <section class="card">
          <h2>{t(L, { vi: "Xử lý", en: "Act" })}</h2>
          {b.actions.map((a) => (
            <form method="post" action={`/plans/${b.id}/actions`}>
              <input type="hidden" name="_csrf" value={p.csrfToken} />
              <input type="hidden" name="action" value={a} />
              {a === "approve" ? (
                <>
                  <label for="estimatedStateSupport">{t(L, { vi: "Dự toán ngân sách nhà nước hỗ trợ (đồng)", en: "Estimated state support (đồng)" })}</label>
                  <input id="estimatedStateSupport" name="estimatedStateSupport" inputmode="numeric" required value={p.values?.estimatedStateSupport ?? ""} />
                  <FieldMessage error={p.error} path="estimatedStateSupport" locale={L} />
                  <label for="responsibleUserId">{t(L, { vi: "Cán bộ phụ trách hướng dẫn sản phẩm", en: "Official responsible for guiding the product" })}</label>
                  <select id="responsibleUserId" name="responsibleUserId">
                    <option value="">{t(L, { vi: "— chọn sau —", en: "— choose later —" })}</option>
                    {p.officials.map((o) => (
                      <option value={o.userId}>{`${o.displayName} (${o.unitName})`}</option>
                    ))}
                  </select>
                  <FieldMessage error={p.error} path="responsibleUserId" locale={L} />
                </>
              ) : null}
              {reasonRequired(a) ? (
                <>
                  <label for={`reason-${a}`}>{t(L, { vi: "Lý do", en: "Reason" })}</label>
                  <textarea id={`reason-${a}`} name="reason" rows={2} required maxlength={2000}></textarea>
                  {p.actionError === a ? <FieldMessage error={p.error} path="reason" locale={L} /> : null}
                </>
              ) : null}
              <button type="submit" class={reasonRequired(a) ? "secondary" : undefined}>
                {t(L, PLAN_ACTION_LABELS[a])}
              </button>
            </form>
          ))}
        </section>
      ) : null}
      {b.editable ? (
        <p>
          <a class="button secondary" href={`/plans/${b.id}/edit`}>
            {t(L, { vi: "Sửa phương án", en: "Edit the plan" })}
          </a>
        </p>
      ) : null}
      <section class="card">
        <h2>{t(L, { vi: "Kinh phí", en: "Budget" })}</h2>
        <div class="table-wrap">
          <table>
            <tbody>
              {MONEY_FIELDS.map((f) => (
                <tr>
                  <th>{t(L, MONEY_LABELS[f])}</th>
                  <td class="num">{dong(b.budget[f])}</td>
                </tr>
              ))}
              <tr>
                <th>{t(L, { vi: "Tổng kinh phí", en: "Total" })}</th>
                <td class="num">
                  <strong>{dong(b.budget.total)}</strong>
                </td>
              </tr>
              {b.estimatedStateSupport !== null ? (
                <tr>
                  <th>{t(L, { vi: "Ngân sách hỗ trợ được phê duyệt (dự toán)", en: "State support approved (estimate)" })}</th>
                  <td class="num">
                    <strong>{dong(b.estimatedStateSupport)}</strong>
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
        <h3>{t(L, { vi: "Doanh thu và lợi nhuận dự kiến", en: "Projected revenue and profit" })}</h3>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t(L, { vi: "Năm", en: "Year" })}</th>
                <th class="num">{t(L, { vi: "Doanh thu", en: "Revenue" })}</th>
                <th class="num">{t(L, { vi: "Lợi nhuận", en: "Profit" })}</th>
              </tr>
            </thead>
            <tbody>
              {b.projection.map((y, i) => (
                <tr>
                  <td>{String(i + 1)}</td>
                  <td class="num">{dong(y.revenue)}</td>
                  <td class="num">{dong(y.profit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card">
        <h2>{t(L, { vi: "Nội dung", en: "Content" })}</h2>
        <dl>
          {(Object.keys(TEXT_FIELDS) as PlanTextField[]).map((f) => (
            <>
              <dt>{t(L, TEXT_FIELDS[f])}</dt>
              <dd>{b[f]}</dd>
            </>
          ))}
        </dl>
      </section>
      <WorkflowHistory
        events={b.events}
        locale={L}
        label={(k) => (k === "create" ? { vi: "Tạo phương án", en: "Created" } : (PLAN_ACTION_LABELS[k as PlanAction] ?? { vi: k, en: k }))}
        extra={(e) => (e.estimatedStateSupport ? <div>{`${t(L, { vi: "Hỗ trợ dự toán", en: "Estimated support" })}: ${dong(e.estimatedStateSupport)}`}</div> : null)}
      />
    </Layout>,
  );
}
