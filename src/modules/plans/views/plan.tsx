import type { Principal } from "../../../auth/types.js";
import { BUDGET_PART_LABELS } from "../../../domain/budget.js";
import { PLAN_ACTION_LABELS, PLAN_STATE_LABELS, PLAN_TRANSITIONS, type PlanAction, type PlanState } from "../../../domain/plan-workflow.js";
import { type Bilingual, formatMoney, formatNumber, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem, fieldErr } from "../../../web/form-messages.js";
import { Layout, renderPage, t } from "../../../web/layout.js";
import { WorkflowHistory } from "../../../web/workflow-history.js";
import type { CycleView } from "../../cycles/index.js";
import type { OfficialView } from "../../products/index.js";
import type { BudgetReport, ListPlansQuery, PlanDetail, PlanList, PlanView } from "../inputs.js";

type Frame = { locale: Locale; principal: Principal; csrfToken: string; path: string };

/** Money in whole đồng, grouped the Vietnamese way; bigint-safe (Intl formats bigint exactly). */
export const dong = (v: string | bigint) => formatMoney(BigInt(v));

const NOTICES: Record<string, Bilingual> = {
  created: { vi: "Đã lưu phương án ở dạng nháp.", en: "Plan saved as a draft." },
  updated: { vi: "Đã lưu phương án.", en: "Plan saved." },
  ...Object.fromEntries(Object.entries(PLAN_ACTION_LABELS).map(([a, l]) => [a, { vi: `Đã thực hiện: ${l.vi}.`, en: `Done: ${l.en}.` }])),
};

const STATE_BADGE: Record<PlanState, string> = { draft: "badge", submitted: "badge badge-info", revision_requested: "badge badge-warn", approved: "badge badge-ok" };
const reasonRequired = (a: PlanAction) => PLAN_TRANSITIONS.some((d) => d.action === a && d.reasonRequired);

export const TEXT_FIELDS = {
  production: { vi: "Kế hoạch sản xuất (sản lượng, quy trình)", en: "Production plan (output, process)" },
  rawMaterialArea: { vi: "Vùng nguyên liệu", en: "Raw-material area" },
  technology: { vi: "Công nghệ, thiết bị", en: "Technology and equipment" },
  packaging: { vi: "Bao bì, nhãn mác", en: "Packaging and labelling" },
  markets: { vi: "Thị trường tiêu thụ", en: "Markets" },
} as const satisfies Record<string, Bilingual>;
export type PlanTextField = keyof typeof TEXT_FIELDS;

export const MONEY_FIELDS = ["ownCapital", "loans", "otherSources", "requestedSupport"] as const;
const MONEY_LABELS: Record<(typeof MONEY_FIELDS)[number], Bilingual> = {
  ownCapital: BUDGET_PART_LABELS.ownCapital,
  loans: BUDGET_PART_LABELS.loans,
  otherSources: BUDGET_PART_LABELS.otherSources,
  requestedSupport: { vi: "Đề nghị ngân sách nhà nước hỗ trợ", en: "Requested state support" },
};

/** The plan form as typed: every field a string, amounts as the person wrote them ("1.500.000.000"). */
export type PlanFormValues = Partial<Record<string, string>>;

export function planFormValues(p: PlanView): PlanFormValues {
  const v: PlanFormValues = { production: p.production, rawMaterialArea: p.rawMaterialArea, technology: p.technology, packaging: p.packaging, markets: p.markets };
  p.projection.forEach((y, i) => {
    v[`revenue${i}`] = y.revenue;
    v[`profit${i}`] = y.profit;
  });
  for (const f of MONEY_FIELDS) v[f] = p.budget[f];
  return v;
}

function PlanForm(p: { locale: Locale; csrfToken: string; action: string; values: PlanFormValues; error: AppError | undefined }) {
  const L = p.locale;
  const v = p.values;
  const money = (name: string, path: string, label: Bilingual) => (
    <>
      <label for={name}>{t(L, label)}</label>
      <input id={name} name={name} value={v[name] ?? ""} inputmode="numeric" required aria-invalid={fieldErr(p.error, path) ? "true" : undefined} />
      <FieldMessage error={p.error} path={path} locale={L} />
    </>
  );
  return (
    <form method="post" action={p.action}>
      <input type="hidden" name="_csrf" value={p.csrfToken} />
      <fieldset>
        <legend>{t(L, { vi: "Nội dung phương án", en: "The plan" })}</legend>
        {(Object.keys(TEXT_FIELDS) as PlanTextField[]).map((f) => (
          <>
            <label for={f}>{t(L, TEXT_FIELDS[f])}</label>
            <textarea id={f} name={f} rows={3} required aria-invalid={fieldErr(p.error, f) ? "true" : undefined}>
              {v[f] ?? ""}
            </textarea>
            <FieldMessage error={p.error} path={f} locale={L} />
          </>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t(L, { vi: "Doanh thu và lợi nhuận dự kiến 3 năm (đồng)", en: "Projected revenue and profit over 3 years (đồng)" })}</legend>
        <p class="sub">{t(L, { vi: "Ghi số nguyên đồng; có thể dùng dấu chấm ngăn cách hàng nghìn. Lợi nhuận âm là lỗ.", en: "Whole đồng; dots as thousands separators are fine. A negative profit is a loss." })}</p>
        {[0, 1, 2].map((i) => (
          <>
            {money(`revenue${i}`, `projection.${i}.revenue`, { vi: `Doanh thu năm ${i + 1}`, en: `Year ${i + 1} revenue` })}
            {money(`profit${i}`, `projection.${i}.profit`, { vi: `Lợi nhuận năm ${i + 1}`, en: `Year ${i + 1} profit` })}
          </>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t(L, { vi: "Kinh phí thực hiện (đồng)", en: "Budget (đồng)" })}</legend>
        {MONEY_FIELDS.map((f) => money(f, `budget.${f}`, MONEY_LABELS[f]))}
      </fieldset>
      <button type="submit">{t(L, { vi: "Lưu phương án", en: "Save the plan" })}</button>
    </form>
  );
}

export function planFormPage(p: Frame & { title: Bilingual; action: string; back: string; values: PlanFormValues; error?: AppError }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={p.title} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href={p.back}>{t(L, { vi: "← Quay lại", en: "← Back" })}</a>
      </p>
      <Problem error={p.error} locale={L} />
      <PlanForm locale={L} csrfToken={p.csrfToken} action={p.action} values={p.values} error={p.error} />
    </Layout>,
  );
}

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
      <Problem error={p.error} locale={L} />
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
