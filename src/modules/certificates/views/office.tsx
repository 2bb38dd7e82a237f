import { type Bilingual, formatDate, formatNumber } from "../../../lib/i18n.js";
import { FieldMessage, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { WindowItem } from "../inputs.js";
import { AUTHORITY_LEVELS, type AuthorityLevel } from "../schema.js";
import { Field, type FailedForm, formState, stars, type Values } from "./form.js";

/*
 * The provincial office's certification page (pages.tsx holds the routes): results waiting for a recognition
 * decision and the decision form, and the certificates due for re-evaluation.
 */

export type PendingResult = { rdId: number; level: string; stars: number | null; score: number | null; productName: string; communeName: string; authorityLevel: AuthorityLevel; finalisedOn: string };

/** The authority's usual name, prefilled (and used when the field is left empty). */
export const AUTHORITY_NAMES: Record<AuthorityLevel, string> = { province: "Ủy ban nhân dân tỉnh Hà Tĩnh", central: "Bộ Nông nghiệp và Môi trường" };
const AUTHORITY_LABELS: Record<AuthorityLevel, Bilingual> = { province: { vi: "Cấp tỉnh (3 sao, 4 sao)", en: "Province (3 and 4 stars)" }, central: { vi: "Cấp trung ương (5 sao)", en: "Central (5 stars)" } };
const ROUND_LEVELS: Record<string, Bilingual> = { province: { vi: "Hội đồng cấp tỉnh", en: "Province council" }, central: { vi: "Hội đồng trung ương", en: "Central council" } };

export function officePage(p: Frame & { pending: PendingResult[]; due: WindowItem[]; provinces: { id: number; name: string }[]; defaults: Values; checked: number[]; failed?: FailedForm }): string {
  const L = p.locale;
  const { v, e } = formState(p.failed, "decision", p.defaults);
  const checked = new Set(p.checked);
  return renderPage(
    <Layout title={{ vi: "Công nhận sản phẩm OCOP", en: "OCOP recognition" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/registry">{t(L, { vi: "Sổ sản phẩm OCOP được công nhận (công khai) →", en: "Public register of certified products →" })}</a> · <a href="/notices">{t(L, { vi: "Thông báo", en: "Notices" })}</a>
      </p>
      <form method="get" action="/certificates" class="card filters">
        <label for="manage">{t(L, { vi: "Xử lý giấy chứng nhận số", en: "Act on certificate no." })}</label>
        <input id="manage" name="manage" type="number" min={1} required />
        <button type="submit" class="secondary">{t(L, { vi: "Mở", en: "Open" })}</button>
      </form>
      <section class="card">
        <h2>{t(L, { vi: "Kết quả chờ công nhận", en: "Results awaiting recognition" })}</h2>
        <Problem error={e} locale={L} />
        {p.pending.length === 0 ? <p class="empty">{t(L, { vi: "Không có kết quả nào chờ quyết định công nhận.", en: "No result is waiting for a recognition decision." })}</p> : null}
        <form method="post" action="/certificates/decisions">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          {p.pending.length ? (
            <table>
              <thead>
                <tr>
                  <th>{t(L, { vi: "Chọn", en: "Pick" })}</th>
                  <th>{t(L, { vi: "Sản phẩm", en: "Product" })}</th>
                  <th>{t(L, { vi: "Xã", en: "Commune" })}</th>
                  <th>{t(L, { vi: "Hội đồng", en: "Council" })}</th>
                  <th>{t(L, { vi: "Điểm", en: "Score" })}</th>
                  <th>{t(L, { vi: "Sao", en: "Stars" })}</th>
                  <th>{t(L, { vi: "Ngày chốt", en: "Finalised" })}</th>
                </tr>
              </thead>
              <tbody>
                {p.pending.map((r) => (
                  <tr>
                    <td>
                      <input type="checkbox" id={`rd-${r.rdId}`} name="roundDossierIds" value={String(r.rdId)} checked={checked.has(r.rdId)} />
                    </td>
                    <td>
                      <label for={`rd-${r.rdId}`}>{r.productName}</label>
                    </td>
                    <td>{r.communeName}</td>
                    <td>{t(L, ROUND_LEVELS[r.level] ?? { vi: r.level, en: r.level })}</td>
                    <td>{r.score === null ? "—" : formatNumber(r.score)}</td>
                    <td>{stars(r.stars)}</td>
                    <td>{formatDate(r.finalisedOn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <FieldMessage error={e} path="roundDossierIds" locale={L} />
          <h3>{t(L, { vi: "Quyết định công nhận", en: "Recognition decision" })}</h3>
          {p.provinces.length === 1 ? (
            <input type="hidden" name="unitId" value={String(p.provinces[0]!.id)} />
          ) : (
            <>
              <label for="decision-unitId">{t(L, { vi: "Tỉnh", en: "Province" })}</label>
              <select id="decision-unitId" name="unitId">
                {p.provinces.map((u) => (
                  <option value={String(u.id)} selected={v["unitId"] === String(u.id)}>
                    {u.name}
                  </option>
                ))}
              </select>
              <FieldMessage error={e} path="unitId" locale={L} />
            </>
          )}
          <Field form="decision" name="number" label={{ vi: "Số quyết định", en: "Decision number" }} values={v} error={e} locale={L} maxlength={60} placeholder="1234/QĐ-UBND" />
          <Field form="decision" name="decidedOn" type="date" label={{ vi: "Ngày ban hành", en: "Date of the decision" }} values={v} error={e} locale={L} />
          <label for="decision-authorityLevel">{t(L, { vi: "Cấp công nhận", en: "Recognising level" })}</label>
          <select id="decision-authorityLevel" name="authorityLevel">
            {AUTHORITY_LEVELS.map((l) => (
              <option value={l} selected={v["authorityLevel"] === l}>
                {t(L, AUTHORITY_LABELS[l])}
              </option>
            ))}
          </select>
          <FieldMessage error={e} path="authorityLevel" locale={L} />
          <Field form="decision" name="authorityName" label={{ vi: "Cơ quan ban hành (để trống: tên mặc định theo cấp)", en: "Issuing authority (empty: the level's usual name)" }} values={v} error={e} locale={L} maxlength={300} />
          <Field form="decision" name="signerName" label={{ vi: "Người ký", en: "Signed by" }} values={v} error={e} locale={L} maxlength={200} />
          <Field form="decision" name="signerTitle" label={{ vi: "Chức vụ người ký", en: "Signer's title" }} values={v} error={e} locale={L} maxlength={200} placeholder="Phó Chủ tịch" />
          <button type="submit">{t(L, { vi: "Ghi quyết định và cấp giấy chứng nhận", en: "Record the decision and issue the certificates" })}</button>
        </form>
      </section>
      <section class="card">
        <h2>{t(L, { vi: "Sắp hết hạn — cần đánh giá lại", en: "Expiring — re-evaluation due" })}</h2>
        {p.due.length === 0 ? <p class="empty">{t(L, { vi: "Không có giấy chứng nhận nào trong thời gian nộp hồ sơ đánh giá lại.", en: "No certificate is in its re-evaluation window." })}</p> : null}
        <ul>
          {p.due.map((i) => (
            <li>
              <a href={`/c/${i.certificateId}`}>{`${t(L, { vi: "Số", en: "No." })} ${i.certificateId} — ${i.productName}`}</a> <span class="sub">{`${i.producerName} · ${stars(i.stars)} · ${t(L, { vi: "hết thời hạn", en: "expires on" })} ${formatDate(i.expiresOn)} · ${t(L, { vi: "nộp hồ sơ", en: "file" })} ${formatDate(i.opens)}–${formatDate(i.closes)} · ${t(L, i.filed ? { vi: "đã nộp", en: "filed" } : { vi: "chưa nộp", en: "not filed" })}`}</span>{" "}
              <a href={`/certificates/${i.certificateId}/manage`}>{t(L, { vi: "Xử lý", en: "Act on it" })}</a>
            </li>
          ))}
        </ul>
      </section>
    </Layout>,
  );
}
