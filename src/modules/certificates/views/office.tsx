import { CERTIFICATE_STATUS_LABELS, type CertificateStatus } from "../../../domain/certificate-status.js";
import { type Bilingual, formatDate, formatNumber } from "../../../lib/i18n.js";
import { FieldMessage, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { Badge, type Column, Count, FilterForm, ListTable, listHref, Pager, type Tone } from "../../../web/list-kit.js";
import type { OfficeCertificateItem, OfficeCertificateList, OfficeCertificateQuery, WindowItem } from "../inputs.js";
import { AUTHORITY_LEVELS, type AuthorityLevel } from "../schema.js";
import { Field, type FailedForm, formState, stars, type Values } from "./form.js";

/*
 * The provincial office's certification page (pages.tsx holds the routes): the results waiting for a
 * recognition decision with the decision form (only when some wait), the list of the office's certificates
 * with search and filters, and the certificates due for re-evaluation.
 */

export const STATUS_TONES: Record<CertificateStatus, Tone> = { pending: "info", valid: "ok", expiring: "warn", suspended: "warn", expired: "muted", revoked: "bad", superseded: "muted" };
/** The statuses the filter offers, in the order an office thinks of them. */
const LISTED: CertificateStatus[] = ["valid", "expiring", "suspended", "expired", "revoked", "superseded", "pending"];

export type CertificateFilters = { units: { id: number; name: string; level: string; ended: boolean }[]; years: number[] };

export type PendingResult = { rdId: number; level: string; stars: number | null; score: number | null; productName: string; communeName: string; authorityLevel: AuthorityLevel; finalisedOn: string };

/** The authority's usual name, prefilled (and used when the field is left empty). */
export const AUTHORITY_NAMES: Record<AuthorityLevel, string> = { province: "Ủy ban nhân dân tỉnh Hà Tĩnh", central: "Bộ Nông nghiệp và Môi trường" };
const AUTHORITY_LABELS: Record<AuthorityLevel, Bilingual> = { province: { vi: "Cấp tỉnh (3 sao, 4 sao)", en: "Province (3 and 4 stars)" }, central: { vi: "Cấp trung ương (5 sao)", en: "Central (5 stars)" } };
const ROUND_LEVELS: Record<string, Bilingual> = { province: { vi: "Hội đồng cấp tỉnh", en: "Province council" }, central: { vi: "Hội đồng trung ương", en: "Central council" } };

function queryValues(q: OfficeCertificateQuery): Record<string, string | undefined> {
  const s = (v: unknown) => (v === undefined ? undefined : String(v));
  return { q: q.q, status: q.status, stars: s(q.stars), unitId: s(q.unitId), year: s(q.year), limit: q.limit === 25 ? undefined : String(q.limit) };
}

function CertificateList({ list, query, filters, locale: L }: { list: OfficeCertificateList; query: OfficeCertificateQuery; filters: CertificateFilters; locale: Frame["locale"] }) {
  const values = queryValues(query);
  const columns: Column<OfficeCertificateItem>[] = [
    {
      label: { vi: "Sản phẩm", en: "Product" },
      cell: (i) => (
        <>
          <a href={`/certificates/${i.id}/manage`}>{i.productName}</a>
          <span class="sub">{i.productCode}</span>
        </>
      ),
    },
    { label: { vi: "Chủ thể", en: "Producer" }, cell: (i) => i.producerName },
    { label: { vi: "Địa bàn", en: "Place" }, cell: (i) => [i.commune, i.district].filter(Boolean).join(", ") },
    { label: { vi: "Hạng", en: "Stars" }, cell: (i) => <span class="stars" aria-label={t(L, { vi: `${i.stars} sao`, en: `${i.stars} stars` })}>{stars(i.stars)}</span> },
    {
      label: { vi: "Quyết định", en: "Decision" },
      cell: (i) => (
        <>
          {i.decisionNumber}
          <span class="sub">{formatDate(i.decidedOn)}</span>
        </>
      ),
    },
    {
      label: { vi: "Trạng thái", en: "Status" },
      cell: (i) => (
        <>
          <Badge tone={STATUS_TONES[i.status]} label={CERTIFICATE_STATUS_LABELS[i.status]} locale={L} />
          <span class="sub">{t(L, { vi: `hiệu lực đến ${formatDate(i.validUntil)}`, en: `valid until ${formatDate(i.validUntil)}` })}</span>
        </>
      ),
    },
    { label: { vi: "Công khai", en: "Public page" }, cell: (i) => <a href={`/c/${i.id}`}>{t(L, { vi: "Xem", en: "View" })}</a> },
  ];
  const summary = LISTED.filter((s) => list.byStatus[s]);
  return (
    <section>
      <h2>{t(L, { vi: "Danh sách giấy chứng nhận", en: "All certificates" })}</h2>
      <FilterForm
        action="/certificates"
        locale={L}
        values={values}
        hidden={{ limit: values["limit"] }}
        fields={[
          { kind: "search", name: "q", label: { vi: "Tên, mã số sản phẩm hoặc chủ thể", en: "Product name or code, or producer" }, placeholder: "42-18547-001-2026" },
          { kind: "select", name: "status", label: { vi: "Trạng thái", en: "Status" }, choices: LISTED.map((s) => ({ value: s, label: CERTIFICATE_STATUS_LABELS[s] })) },
          { kind: "select", name: "stars", label: { vi: "Hạng sao", en: "Stars" }, choices: [3, 4, 5].map((n) => ({ value: String(n), label: { vi: `${n} sao`, en: `${n} stars` } })) },
          {
            kind: "select",
            name: "unitId",
            label: { vi: "Huyện (cũ) / xã", en: "District (former) / commune" },
            choices: filters.units.map((u) => ({ value: String(u.id), label: u.level === "district" ? { vi: `${u.name} (huyện cũ)`, en: `${u.name} (former district)` } : u.ended ? { vi: `${u.name} (trước sáp nhập)`, en: `${u.name} (before the merger)` } : u.name })),
          },
          { kind: "select", name: "year", label: { vi: "Năm công nhận", en: "Year recognised" }, choices: filters.years.map((y) => ({ value: String(y), label: String(y) })) },
        ]}
      />
      {summary.length ? (
        <p class="sub">
          {summary.map((s, n) => (
            <>
              {n ? " · " : ""}
              <a href={listHref("/certificates", values, { status: s, offset: undefined })}>{`${t(L, CERTIFICATE_STATUS_LABELS[s])}: ${formatNumber(list.byStatus[s]!)}`}</a>
            </>
          ))}
        </p>
      ) : null}
      <Count total={list.total} noun={{ vi: "giấy chứng nhận", en: "certificates" }} locale={L} />
      <ListTable columns={columns} rows={list.items} locale={L} empty={{ vi: "Không có giấy chứng nhận nào khớp với điều kiện tìm.", en: "No certificate matches." }} />
      <Pager base="/certificates" values={values} total={list.total} limit={query.limit} offset={query.offset} locale={L} />
    </section>
  );
}

export function officePage(p: Frame & { pending: PendingResult[]; due: WindowItem[]; provinces: { id: number; name: string }[]; defaults: Values; checked: number[]; failed?: FailedForm; list: OfficeCertificateList; query: OfficeCertificateQuery; filters: CertificateFilters }): string {
  const L = p.locale;
  const { v, e } = formState(p.failed, "decision", p.defaults);
  const checked = new Set(p.checked);
  return renderPage(
    <Layout title={{ vi: "Giấy chứng nhận OCOP", en: "OCOP certificates" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/registry">{t(L, { vi: "Sổ sản phẩm OCOP được công nhận (công khai) →", en: "Public register of certified products →" })}</a> · <a href="/notices">{t(L, { vi: "Thông báo", en: "Notices" })}</a>
      </p>
      {p.pending.length === 0 && !e ? (
        <p class="notice">{t(L, { vi: "Không có kết quả đánh giá nào chờ quyết định công nhận.", en: "No evaluation result is waiting for a recognition decision." })}</p>
      ) : (
      <section class="card" id="pending">
        <h2>{t(L, { vi: `Kết quả chờ công nhận (${formatNumber(p.pending.length)})`, en: `Results awaiting recognition (${formatNumber(p.pending.length)})` })}</h2>
        <Problem error={e} locale={L} />
        <form method="post" action="/certificates/decisions">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          {p.pending.length ? (
            <div class="table-wrap"><table>
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
            </table></div>
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
      )}
      <CertificateList list={p.list} query={p.query} filters={p.filters} locale={L} />
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
