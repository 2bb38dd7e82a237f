import { DEADLINE_KEYS, DEADLINE_LABELS, type DeadlineKey } from "../../../domain/cycle-deadlines.js";
import { LEVEL_CHAINS, type LevelChain } from "../../../domain/level-chain.js";
import { type Bilingual, formatDate, formatNumber, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem, fieldErr } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { CycleView } from "../inputs.js";

export const CHAIN_LABELS: Record<LevelChain, Bilingual> = {
  "commune-district-province": { vi: "Xã → Huyện → Tỉnh (trước 1/7/2025)", en: "Commune → District → Province (before 1 July 2025)" },
  "commune-province": { vi: "Xã → Tỉnh (chính quyền hai cấp)", en: "Commune → Province (two-tier government)" },
};

const NOTICES: Record<string, Bilingual> = {
  created: { vi: "Đã lập chu trình.", en: "Cycle created." },
  updated: { vi: "Đã lưu chu trình. Các bước xử lý từ nay dùng các hạn mới.", en: "Cycle saved. Every step now uses the new deadlines." },
};

export type CycleFormValues = Partial<Record<"year" | "chain" | "note" | DeadlineKey, string>>;

export const cycleFormValues = (c: CycleView): CycleFormValues => ({ year: String(c.year), chain: c.chain, note: c.note ?? "", ...c.deadlines });

function CycleForm(p: { locale: Locale; csrfToken: string; action: string; values: CycleFormValues; error: AppError | undefined; withYear: boolean }) {
  const L = p.locale;
  const v = p.values;
  return (
    <form method="post" action={p.action}>
      <input type="hidden" name="_csrf" value={p.csrfToken} />
      {p.withYear ? (
        <>
          <label for="year">{t(L, { vi: "Năm", en: "Year" })}</label>
          <input id="year" name="year" inputmode="numeric" value={v.year ?? ""} required aria-invalid={fieldErr(p.error, "year") ? "true" : undefined} />
          <FieldMessage error={p.error} path="year" locale={L} />
        </>
      ) : null}
      <label for="chain">{t(L, { vi: "Chuỗi cấp xét duyệt", en: "Chain of levels" })}</label>
      <select id="chain" name="chain">
        {LEVEL_CHAINS.map((ch) => (
          <option value={ch} selected={v.chain === ch}>
            {t(L, CHAIN_LABELS[ch])}
          </option>
        ))}
      </select>
      <FieldMessage error={p.error} path="chain" locale={L} />
      <fieldset>
        <legend>{t(L, { vi: "Các hạn (hết ngày, giờ Việt Nam)", en: "Deadlines (end of the day, Vietnam time)" })}</legend>
        {DEADLINE_KEYS.map((k) => (
          <>
            <label for={k}>
              {t(L, { vi: `Hạn ${DEADLINE_LABELS[k].vi}`, en: `Deadline: ${DEADLINE_LABELS[k].en}` })}
              {k === "districtList" ? <span class="sub">{t(L, { vi: " (chỉ dùng khi chuỗi có cấp huyện)", en: " (only for the chain with a district)" })}</span> : null}
            </label>
            <input id={k} name={k} type="date" value={v[k] ?? ""} required={k !== "districtList"} aria-invalid={fieldErr(p.error, `deadlines.${k}`) ? "true" : undefined} />
            <FieldMessage error={p.error} path={`deadlines.${k}`} locale={L} />
          </>
        ))}
      </fieldset>
      <label for="note">{t(L, { vi: "Ghi chú", en: "Note" })}</label>
      <textarea id="note" name="note" rows={2} maxlength={2000}>
        {v.note ?? ""}
      </textarea>
      <button type="submit">{t(L, { vi: "Lưu chu trình", en: "Save the cycle" })}</button>
    </form>
  );
}

export function cyclesPage(p: Frame & { cycles: CycleView[]; canManage: boolean; done?: string | undefined }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Chu trình OCOP hằng năm", en: "Annual OCOP cycles" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      {p.canManage ? (
        <p>
          <a class="button" href="/cycles/new">
            {t(L, { vi: "+ Lập chu trình", en: "+ Set up a cycle" })}
          </a>
        </p>
      ) : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t(L, { vi: "Năm", en: "Year" })}</th>
              <th>{t(L, { vi: "Chuỗi cấp", en: "Chain" })}</th>
              <th>{t(L, { vi: "Các hạn", en: "Deadlines" })}</th>
              <th class="num">{t(L, { vi: "Ý tưởng", en: "Ideas" })}</th>
            </tr>
          </thead>
          <tbody>
            {p.cycles.map((c) => (
              <tr>
                <td>
                  <a href={`/cycles/${c.id}`}>{String(c.year)}</a>
                  <div class="sub">{c.provinceName}</div>
                </td>
                <td>{t(L, CHAIN_LABELS[c.chain])}</td>
                <td>
                  {DEADLINE_KEYS.filter((k) => c.deadlines[k]).map((k) => (
                    <div class="sub">{`${t(L, DEADLINE_LABELS[k])}: ${formatDate(c.deadlines[k]!)}`}</div>
                  ))}
                </td>
                <td class="num">{formatNumber(c.ideaCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>,
  );
}

export function cycleFormPage(p: Frame & { title: Bilingual; action: string; values: CycleFormValues; withYear: boolean; error?: AppError; done?: string | undefined }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={p.title} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/cycles">{t(L, { vi: "← Các chu trình", en: "← All cycles" })}</a>
      </p>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <Problem error={p.error} locale={L} />
      <CycleForm locale={L} csrfToken={p.csrfToken} action={p.action} values={p.values} error={p.error} withYear={p.withYear} />
    </Layout>,
  );
}
