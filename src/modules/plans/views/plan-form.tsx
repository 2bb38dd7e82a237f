import { type Bilingual, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Problem, fieldErr } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { PlanView } from "../inputs.js";
import { MONEY_FIELDS, MONEY_LABELS, TEXT_FIELDS, type PlanTextField } from "./plan-fields.js";

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
