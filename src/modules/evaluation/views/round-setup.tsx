import { criteriaSetLabel } from "../../../domain/product-categories.js";
import { COUNCIL_ROLES } from "../../../domain/roles.js";
import { type Bilingual, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { Candidate, RoundView, UnitChoice, WaitingDossier } from "../inputs.js";
import { ROUND_LEVELS } from "../schema.js";
import { rubricVersionBasis } from "../../rubrics/index.js";

/*
 * The office's pages to set a round up: open it (level, unit, dates, criteria version and the council's
 * rules), seat its council, and put the dossiers waiting for its level into it. Plain forms, no JavaScript.
 */

export type Values = Record<string, string>;

const LEVELS: Record<(typeof ROUND_LEVELS)[number], Bilingual> = {
  district: { vi: "Cấp huyện", en: "District" },
  province: { vi: "Cấp tỉnh", en: "Province" },
  central: { vi: "Cấp trung ương (đề xuất 5 sao)", en: "Central (5-star proposals)" },
};
const SEATS: Record<string, Bilingual> = { none: { vi: "— không —", en: "— none —" }, chair: { vi: "Chủ tịch", en: "Chair" }, member: { vi: "Thành viên", en: "Member" }, secretary: { vi: "Thư ký", en: "Secretary" } };

function Field({ name, label, values, error, locale: L, type = "text", ...rest }: { name: string; label: Bilingual; values: Values; error: AppError | undefined; locale: Locale; type?: string; [k: string]: unknown }) {
  return (
    <>
      <label for={name}>{t(L, label)}</label>
      <input id={name} name={name} type={type} value={values[name] ?? ""} {...rest} />
      <FieldMessage error={error} path={name} locale={L} />
    </>
  );
}

export function newRoundPage(p: Frame & { units: UnitChoice[]; versions: string[]; values: Values; error?: AppError }): string {
  const L = p.locale;
  const v = p.values;
  return renderPage(
    <Layout title={{ vi: "Mở đợt đánh giá, phân hạng", en: "Open an evaluation round" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/rounds">{t(L, { vi: "← Các đợt", en: "← All rounds" })}</a>
      </p>
      <Problem error={p.error} locale={L} />
      <form method="post" action="/rounds/new" class="card">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <Field name="name" label={{ vi: "Tên đợt", en: "Name" }} values={v} error={p.error} locale={L} required maxlength={300} />
        <label for="level">{t(L, { vi: "Cấp đánh giá", en: "Level" })}</label>
        <select id="level" name="level">
          {ROUND_LEVELS.map((l) => (
            <option value={l} selected={v["level"] === l}>
              {t(L, LEVELS[l])}
            </option>
          ))}
        </select>
        <label for="unitId">{t(L, { vi: "Hội đồng của đơn vị", en: "Council of the unit" })}</label>
        <select id="unitId" name="unitId">
          {p.units.map((u) => (
            <option value={String(u.id)} selected={v["unitId"] === String(u.id)}>
              {u.name}
            </option>
          ))}
        </select>
        <FieldMessage error={p.error} path="unitId" locale={L} />
        <Field name="opensOn" type="date" label={{ vi: "Ngày bắt đầu", en: "Opens on" }} values={v} error={p.error} locale={L} required />
        <Field name="closesOn" type="date" label={{ vi: "Ngày kết thúc", en: "Closes on" }} values={v} error={p.error} locale={L} required />
        <label for="rubricVersion">{t(L, { vi: "Bộ tiêu chí", en: "Criteria version" })}</label>
        <select id="rubricVersion" name="rubricVersion">
          {p.versions.map((r) => (
            <option value={r} selected={v["rubricVersion"] === r}>
              {t(L, rubricVersionBasis(r))}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{t(L, { vi: "Quy chế chấm của Hội đồng", en: "The council's scoring rules" })}</legend>
          <Field name="quorumNumerator" type="number" label={{ vi: "Túc số: tử số", en: "Quorum numerator" }} values={v} error={p.error} locale={L} min={1} />
          <Field name="quorumDenominator" type="number" label={{ vi: "Túc số: mẫu số (3/4 = ba phần tư số thành viên chấm điểm)", en: "Quorum denominator (3/4 = three quarters of the scoring members)" }} values={v} error={p.error} locale={L} min={1} />
          <Field name="divergenceLimit" type="number" label={{ vi: "Chênh lệch tối đa giữa các thành viên (điểm)", en: "Divergence limit between members (points)" }} values={v} error={p.error} locale={L} step="0.1" min={0} />
          <Field name="bandEdge" type="number" label={{ vi: "Khoảng sát ngưỡng hạng sao cần ý kiến Chủ tịch (điểm)", en: "Band-edge distance needing the chair's note (points)" }} values={v} error={p.error} locale={L} step="0.1" min={0} />
        </fieldset>
        <button type="submit">{t(L, { vi: "Mở đợt", en: "Open the round" })}</button>
      </form>
    </Layout>,
  );
}

export function setupPage(p: Frame & { round: RoundView; candidates: Candidate[]; waiting: WaitingDossier[]; error?: AppError }): string {
  const L = p.locale;
  const r = p.round;
  const seat = (userId: string) => r.council.find((m) => m.userId === userId)?.role ?? "none";
  return renderPage(
    <Layout title={{ vi: `Hội đồng và hồ sơ — ${r.name}`, en: `Council and dossiers — ${r.name}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href={`/rounds/${r.id}`}>{t(L, { vi: "← Về đợt đánh giá", en: "← Back to the round" })}</a>
      </p>
      <Problem error={p.error} locale={L} />
      <form method="post" action={`/rounds/${r.id}/council`} class="card">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <h2>{t(L, { vi: "Thành phần Hội đồng", en: "The council" })}</h2>
        <p class="sub">{t(L, { vi: "Một Chủ tịch, các thành viên và tối đa một Thư ký (không chấm điểm). Không đổi được sau khi đã có phiếu nộp.", en: "One chair, members and at most one secretary (who does not score). Fixed once a sheet is submitted." })}</p>
        {p.candidates.length === 0 ? <p class="empty">{t(L, { vi: "Chưa có ai giữ vai trò thành viên hội đồng ở đơn vị này.", en: "Nobody holds the council role for this unit." })}</p> : null}
        <table>
          <tbody>
            {p.candidates.map((c) => (
              <tr>
                <th>
                  <label for={`seat-${c.userId}`}>{c.displayName}</label>
                </th>
                <td>
                  <select id={`seat-${c.userId}`} name={`seat:${c.userId}`}>
                    {["none", ...COUNCIL_ROLES].map((role) => (
                      <option value={role} selected={seat(c.userId) === role}>
                        {t(L, SEATS[role]!)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit">{t(L, { vi: "Lưu thành phần Hội đồng", en: "Save the council" })}</button>
      </form>
      <form method="post" action={`/rounds/${r.id}/assign`} class="card">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <h2>{t(L, { vi: "Hồ sơ chờ đánh giá ở cấp này", en: "Dossiers waiting for this level" })}</h2>
        {p.waiting.length === 0 ? <p class="empty">{t(L, { vi: "Không có hồ sơ nào đang chờ.", en: "No dossier is waiting." })}</p> : null}
        <ul class="checklist">
          {p.waiting.map((d) => (
            <li>
              <label>
                <input type="checkbox" name="dossierIds" value={String(d.id)} /> {`${d.productName} — ${d.communeName}`} <span class="sub">{criteriaSetLabel(d.criteriaSetId, L)}</span>
              </label>
            </li>
          ))}
        </ul>
        {p.waiting.length ? <button type="submit">{t(L, { vi: "Đưa vào đợt", en: "Assign to the round" })}</button> : null}
      </form>
    </Layout>,
  );
}
