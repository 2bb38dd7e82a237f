import { REVOCATION_GROUNDS } from "../../domain/certificate-status.js";
import { type Bilingual, formatDate, formatNumber, type Locale } from "../../lib/i18n.js";
import type { AppError } from "../../lib/problem.js";
import { FieldMessage, Notice, Problem } from "../../web/form-messages.js";
import { Layout, renderPage, t } from "../../web/layout.js";
import type { frame } from "../../web/page.js";
import type { CertificatePublic, InspectionView } from "./inputs.js";
import type { WindowItem } from "./notices.js";
import { AUTHORITY_LEVELS, INSPECTION_CONCLUSIONS, INSPECTION_KINDS, type AuthorityLevel } from "./schema.js";

/*
 * The views of the provincial office's certification pages (office-pages.tsx holds the routes): results waiting
 * for a recognition decision, certificates due for re-evaluation, one certificate's sanctions and post-checks,
 * and a person's notices. Plain forms, no JavaScript.
 */

export type Frame = ReturnType<typeof frame>;
export type Values = Record<string, string>;
/** The form that failed, the values it sent and why: re-rendered in place, the other forms keep their defaults. */
export type FailedForm = { form: string; values: Values; error: AppError };

export type PendingResult = { rdId: number; level: string; stars: number | null; score: number | null; productName: string; communeName: string; authorityLevel: AuthorityLevel; finalisedOn: string };
export type NoticeItem = { id: number; kind: string; certificateId: number | null; vi: string; en: string; createdAt: string };

/** The authority's usual name, prefilled (and used when the field is left empty). */
export const AUTHORITY_NAMES: Record<AuthorityLevel, string> = { province: "Ủy ban nhân dân tỉnh Hà Tĩnh", central: "Bộ Nông nghiệp và Môi trường" };
const AUTHORITY_LABELS: Record<AuthorityLevel, Bilingual> = { province: { vi: "Cấp tỉnh (3 sao, 4 sao)", en: "Province (3 and 4 stars)" }, central: { vi: "Cấp trung ương (5 sao)", en: "Central (5 stars)" } };
const ROUND_LEVELS: Record<string, Bilingual> = { province: { vi: "Hội đồng cấp tỉnh", en: "Province council" }, central: { vi: "Hội đồng trung ương", en: "Central council" } };
const INSPECTION_KIND_LABELS: Record<(typeof INSPECTION_KINDS)[number], Bilingual> = { periodic: { vi: "Định kỳ", en: "Periodic" }, ad_hoc: { vi: "Đột xuất", en: "Ad hoc" } };
const CONCLUSION_LABELS: Record<(typeof INSPECTION_CONCLUSIONS)[number], Bilingual> = {
  keep: { vi: "Giữ nguyên công nhận", en: "Keep the recognition" },
  request_reevaluation: { vi: "Đề nghị đánh giá, phân hạng lại", en: "Request a re-evaluation" },
  propose_revocation: { vi: "Đề nghị thu hồi giấy chứng nhận", en: "Propose revocation" },
};
export const FILE_KINDS = ["sample", "lab", "other"] as const;
const FILE_KIND_LABELS: Record<(typeof FILE_KINDS)[number], Bilingual> = { sample: { vi: "Biên bản lấy mẫu", en: "Sampling record" }, lab: { vi: "Kết quả thử nghiệm", en: "Lab result" }, other: { vi: "Tài liệu khác", en: "Other" } };

const MANAGE_NOTICES: Record<string, Bilingual> = {
  suspended: { vi: "Đã ghi việc tạm dừng hiệu lực; chủ thể đã được thông báo.", en: "The suspension is recorded; the producer is notified." },
  lifted: { vi: "Đã ghi việc hết tạm dừng; chủ thể đã được thông báo.", en: "The suspension is lifted; the producer is notified." },
  revoked: { vi: "Đã ghi quyết định thu hồi; chủ thể đã được thông báo.", en: "The revocation is recorded; the producer is notified." },
  inspection: { vi: "Đã mở đợt kiểm tra.", en: "The inspection is open." },
  concluded: { vi: "Đã ghi kết luận kiểm tra.", en: "The inspection's conclusion is recorded." },
  file: { vi: "Đã đính kèm tệp.", en: "The file is attached." },
};

const stars = (n: number | null) => (n ? "★".repeat(n) : "—");

function Field({ form, name, label, values, error, locale: L, type = "text", ...rest }: { form: string; name: string; label: Bilingual; values: Values; error: AppError | undefined; locale: Locale; type?: string; [k: string]: unknown }) {
  return (
    <>
      <label for={`${form}-${name}`}>{t(L, label)}</label>
      <input id={`${form}-${name}`} name={name} type={type} value={values[name] ?? ""} {...rest} />
      <FieldMessage error={error} path={name} locale={L} />
    </>
  );
}

function TextArea({ form, name, label, values, error, locale: L, ...rest }: { form: string; name: string; label: Bilingual; values: Values; error: AppError | undefined; locale: Locale; [k: string]: unknown }) {
  return (
    <>
      <label for={`${form}-${name}`}>{t(L, label)}</label>
      <textarea id={`${form}-${name}`} name={name} {...rest}>
        {values[name] ?? ""}
      </textarea>
      <FieldMessage error={error} path={name} locale={L} />
    </>
  );
}

/** The values and error of `form` if it is the one that failed, else its defaults and no error. */
const stateOf = (failed: FailedForm | undefined, form: string, defaults: Values) => (failed?.form === form ? { v: failed.values, e: failed.error } : { v: defaults, e: undefined });

export function officePage(p: Frame & { pending: PendingResult[]; due: WindowItem[]; provinces: { id: number; name: string }[]; defaults: Values; checked: number[]; failed?: FailedForm }): string {
  const L = p.locale;
  const { v, e } = stateOf(p.failed, "decision", p.defaults);
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
              <a href={`/c/${i.certificateId}`}>{`${t(L, { vi: "Số", en: "No." })} ${i.certificateId} — ${i.productName}`}</a> <span class="sub">{`${i.producerName} · ${stars(i.stars)} · ${t(L, { vi: "hết hạn", en: "expires" })} ${formatDate(i.expiresOn)} · ${t(L, { vi: "nộp hồ sơ", en: "file" })} ${formatDate(i.opens)}–${formatDate(i.closes)} · ${t(L, i.filed ? { vi: "đã nộp", en: "filed" } : { vi: "chưa nộp", en: "not filed" })}`}</span>{" "}
              <a href={`/certificates/${i.certificateId}/manage`}>{t(L, { vi: "Xử lý", en: "Act on it" })}</a>
            </li>
          ))}
        </ul>
      </section>
    </Layout>,
  );
}

function Facts({ cert: x, locale: L }: { cert: CertificatePublic; locale: Locale }) {
  const row = (label: Bilingual, value: string) => (
    <tr>
      <th>{t(L, label)}</th>
      <td>{value}</td>
    </tr>
  );
  return (
    <section class="card">
      <h2>{`${x.product.name} ${stars(x.stars)}`}</h2>
      <p>
        <strong>{t(L, x.statusLabel)}</strong> — {t(L, x.explanation)}
      </p>
      <table>
        <tbody>
          {row({ vi: "Chủ thể", en: "Producer" }, x.producer.name)}
          {row({ vi: "Địa bàn (khi cấp)", en: "Place (when issued)" }, [x.place.commune, x.place.district, x.place.province].filter(Boolean).join(", "))}
          {row({ vi: "Điểm đánh giá", en: "Score" }, formatNumber(x.score))}
          {row({ vi: "Quyết định", en: "Decision" }, `${x.decision.number}, ${formatDate(x.decision.decidedOn)} — ${x.decision.authorityName}`)}
          {row({ vi: "Hiệu lực", en: "Validity" }, `${formatDate(x.validity.from)} – ${formatDate(x.validity.through)}`)}
        </tbody>
      </table>
      <ol class="history">
        {x.history.map((h) => (
          <li>
            <strong>{formatDate(h.on)}</strong> — {t(L, h.label)}
            {h.detail ? <span class="sub">{` · ${t(L, h.detail)}`}</span> : null}
          </li>
        ))}
      </ol>
      <p>
        <a href={`/c/${x.id}`}>{t(L, { vi: "Trang công khai của giấy chứng nhận →", en: "The certificate's public page →" })}</a>
      </p>
    </section>
  );
}

function Inspection({ ins, csrf, today, failed, locale: L }: { ins: InspectionView; csrf: string; today: string; failed: FailedForm | undefined; locale: Locale }) {
  const c = stateOf(failed, `conclude-${ins.id}`, { concludedOn: today, conclusion: "keep" });
  const f = stateOf(failed, `files-${ins.id}`, { kind: "lab" });
  return (
    <article id={`ins-${ins.id}`} class="card">
      <h3>{`${t(L, { vi: "Kiểm tra", en: "Inspection" })} ${t(L, INSPECTION_KIND_LABELS[ins.kind]).toLowerCase()} — ${formatDate(ins.startedOn)}`}</h3>
      <p class="sub">{`${t(L, { vi: "Đoàn", en: "Team" })}: ${ins.team.join(", ")}`}</p>
      {ins.files.length ? (
        <ul>
          {ins.files.map((x) => (
            <li>{`${x.name} (${t(L, FILE_KIND_LABELS[x.kind as (typeof FILE_KINDS)[number]] ?? { vi: x.kind, en: x.kind })})${x.note ? ` — ${x.note}` : ""}`}</li>
          ))}
        </ul>
      ) : null}
      {ins.conclusion ? (
        <>
          <p>
            <strong>{`${t(L, CONCLUSION_LABELS[ins.conclusion])} (${formatDate(ins.concludedOn!)})`}</strong>
            {ins.conclusionNote ? ` — ${ins.conclusionNote}` : ""}
          </p>
          <ul>
            {ins.findings.map((x) => (
              <li>{`${x.criterionId}: ${t(L, x.met ? { vi: "đạt", en: "met" } : { vi: "không đạt", en: "not met" })} — ${x.finding}`}</li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <form method="post" action={`/inspections/${ins.id}/conclude`}>
            <input type="hidden" name="_csrf" value={csrf} />
            {failed?.form === `conclude-${ins.id}` ? <Problem error={c.e} locale={L} /> : null}
            <TextArea form={`conclude-${ins.id}`} name="findings" label={{ vi: "Kết quả theo tiêu chí, mỗi dòng: mã tiêu chí | đạt có/không | nhận xét (vd. 1.1 | không | Không còn nguyên liệu địa phương)", en: "Findings, one per line: criterion | met yes/no | finding (e.g. 1.1 | no | No local raw material left)" }} values={c.v} error={c.e} locale={L} rows={5} />
            <label for={`conclude-${ins.id}-conclusion`}>{t(L, { vi: "Kết luận", en: "Conclusion" })}</label>
            <select id={`conclude-${ins.id}-conclusion`} name="conclusion">
              {INSPECTION_CONCLUSIONS.map((k) => (
                <option value={k} selected={c.v["conclusion"] === k}>
                  {t(L, CONCLUSION_LABELS[k])}
                </option>
              ))}
            </select>
            <FieldMessage error={c.e} path="conclusion" locale={L} />
            <TextArea form={`conclude-${ins.id}`} name="note" label={{ vi: "Nội dung kết luận", en: "Conclusion note" }} values={c.v} error={c.e} locale={L} rows={3} maxlength={4000} />
            <Field form={`conclude-${ins.id}`} name="concludedOn" type="date" label={{ vi: "Ngày kết luận", en: "Concluded on" }} values={c.v} error={c.e} locale={L} />
            <button type="submit">{t(L, { vi: "Ghi kết luận", en: "Record the conclusion" })}</button>
          </form>
          <form method="post" action={`/inspections/${ins.id}/files`} enctype="multipart/form-data">
            <input type="hidden" name="_csrf" value={csrf} />
            {failed?.form === `files-${ins.id}` ? <Problem error={f.e} locale={L} /> : null}
            <label for={`files-${ins.id}-file`}>{t(L, { vi: "Tệp (PDF hoặc ảnh)", en: "File (PDF or image)" })}</label>
            <input id={`files-${ins.id}-file`} name="file" type="file" accept="application/pdf,image/*" />
            <FieldMessage error={f.e} path="file" locale={L} />
            <label for={`files-${ins.id}-kind`}>{t(L, { vi: "Loại tệp", en: "Kind" })}</label>
            <select id={`files-${ins.id}-kind`} name="kind">
              {FILE_KINDS.map((k) => (
                <option value={k} selected={f.v["kind"] === k}>
                  {t(L, FILE_KIND_LABELS[k])}
                </option>
              ))}
            </select>
            <Field form={`files-${ins.id}`} name="note" label={{ vi: "Ghi chú", en: "Note" }} values={f.v} error={f.e} locale={L} maxlength={1000} />
            <button type="submit" class="secondary">{t(L, { vi: "Đính kèm", en: "Attach" })}</button>
          </form>
        </>
      )}
    </article>
  );
}

export function managePage(p: Frame & { cert: CertificatePublic; inspections: InspectionView[]; today: string; failed?: FailedForm; done?: string | undefined }): string {
  const L = p.locale;
  const x = p.cert;
  const csrf = p.csrfToken;
  const inForce = !["revoked", "superseded", "expired"].includes(x.status);
  const suspend = stateOf(p.failed, "suspend", { from: p.today });
  const lift = stateOf(p.failed, "lift", { on: p.today });
  const revoke = stateOf(p.failed, "revoke", { effectiveOn: p.today, authorityName: x.decision.authorityName });
  const open = stateOf(p.failed, "inspection", { kind: "periodic", startedOn: p.today });
  const top = p.failed && ["suspend", "lift", "revoke", "inspection"].includes(p.failed.form) ? p.failed.error : undefined;
  return renderPage(
    <Layout title={{ vi: `Xử lý giấy chứng nhận số ${x.id}`, en: `Certificate no. ${x.id}: actions` }} locale={L} principal={p.principal} csrfToken={csrf} path={p.path}>
      <p>
        <a href="/certificates">{t(L, { vi: "← Công nhận sản phẩm OCOP", en: "← OCOP recognition" })}</a>
      </p>
      <Notice done={p.done} notices={MANAGE_NOTICES} locale={L} />
      <Problem error={top} locale={L} />
      <Facts cert={x} locale={L} />
      {inForce ? (
        <form method="post" action={`/certificates/${x.id}/suspend`} class="card">
          <input type="hidden" name="_csrf" value={csrf} />
          <h2>{t(L, { vi: "Tạm dừng hiệu lực", en: "Suspend" })}</h2>
          <Field form="suspend" name="from" type="date" label={{ vi: "Từ ngày", en: "From" }} values={suspend.v} error={suspend.e} locale={L} />
          <Field form="suspend" name="through" type="date" label={{ vi: "Đến hết ngày (để trống: trong thời gian kiểm tra, xác minh)", en: "Through (empty: while the inspection runs)" }} values={suspend.v} error={suspend.e} locale={L} />
          <TextArea form="suspend" name="reason" label={{ vi: "Lý do", en: "Reason" }} values={suspend.v} error={suspend.e} locale={L} rows={2} maxlength={4000} />
          <button type="submit">{t(L, { vi: "Tạm dừng hiệu lực", en: "Suspend" })}</button>
        </form>
      ) : null}
      {x.history.some((h) => h.kind === "suspended") ? (
        <form method="post" action={`/certificates/${x.id}/lift`} class="card">
          <input type="hidden" name="_csrf" value={csrf} />
          <h2>{t(L, { vi: "Hết tạm dừng, có hiệu lực trở lại", en: "Lift the suspension" })}</h2>
          <Field form="lift" name="on" type="date" label={{ vi: "Có hiệu lực trở lại từ ngày", en: "Back in force from" }} values={lift.v} error={lift.e} locale={L} />
          <TextArea form="lift" name="reason" label={{ vi: "Lý do", en: "Reason" }} values={lift.v} error={lift.e} locale={L} rows={2} maxlength={4000} />
          <button type="submit" class="secondary">{t(L, { vi: "Ghi hết tạm dừng", en: "Lift" })}</button>
        </form>
      ) : null}
      {inForce ? (
        <form method="post" action={`/certificates/${x.id}/revoke`} class="card">
          <input type="hidden" name="_csrf" value={csrf} />
          <h2>{t(L, { vi: "Thu hồi giấy chứng nhận", en: "Revoke" })}</h2>
          <label for="revoke-ground">{t(L, { vi: "Căn cứ (Điều 8 khoản 1)", en: "Ground (Art. 8.1)" })}</label>
          <select id="revoke-ground" name="ground">
            <option value="">{t(L, { vi: "— Chọn căn cứ —", en: "— Choose the ground —" })}</option>
            {REVOCATION_GROUNDS.map((g) => (
              <option value={g.id} selected={revoke.v["ground"] === g.id}>
                {`${g.point}) ${g.vi}`}
              </option>
            ))}
          </select>
          <FieldMessage error={revoke.e} path="ground" locale={L} />
          <Field form="revoke" name="effectiveOn" type="date" label={{ vi: "Có hiệu lực từ ngày", en: "Effective from" }} values={revoke.v} error={revoke.e} locale={L} />
          <Field form="revoke" name="decisionNumber" label={{ vi: "Số quyết định thu hồi", en: "Revocation decision number" }} values={revoke.v} error={revoke.e} locale={L} maxlength={60} />
          <Field form="revoke" name="authorityName" label={{ vi: "Cơ quan ban hành (cơ quan đã công nhận)", en: "Issuing authority (the one that recognised it)" }} values={revoke.v} error={revoke.e} locale={L} maxlength={300} />
          <TextArea form="revoke" name="reason" label={{ vi: "Nội dung", en: "Details" }} values={revoke.v} error={revoke.e} locale={L} rows={3} maxlength={4000} />
          <button type="submit">{t(L, { vi: "Ghi quyết định thu hồi", en: "Record the revocation" })}</button>
        </form>
      ) : null}
      <section class="card">
        <h2>{t(L, { vi: "Kiểm tra sau công nhận", en: "Post-checks" })}</h2>
        {p.inspections.length === 0 ? <p class="empty">{t(L, { vi: "Chưa có đợt kiểm tra nào.", en: "No inspection yet." })}</p> : null}
        {p.inspections.map((ins) => (
          <Inspection ins={ins} csrf={csrf} today={p.today} failed={p.failed} locale={L} />
        ))}
        <form method="post" action={`/certificates/${x.id}/inspections`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <h3>{t(L, { vi: "Mở đợt kiểm tra", en: "Open an inspection" })}</h3>
          <label for="inspection-kind">{t(L, { vi: "Hình thức", en: "Kind" })}</label>
          <select id="inspection-kind" name="kind">
            {INSPECTION_KINDS.map((k) => (
              <option value={k} selected={open.v["kind"] === k}>
                {t(L, INSPECTION_KIND_LABELS[k])}
              </option>
            ))}
          </select>
          <TextArea form="inspection" name="team" label={{ vi: "Thành viên đoàn, mỗi người một dòng", en: "Team, one name per line" }} values={open.v} error={open.e} locale={L} rows={3} />
          <Field form="inspection" name="startedOn" type="date" label={{ vi: "Ngày bắt đầu", en: "Started on" }} values={open.v} error={open.e} locale={L} />
          <button type="submit" class="secondary">{t(L, { vi: "Mở đợt kiểm tra", en: "Open the inspection" })}</button>
        </form>
      </section>
    </Layout>,
  );
}

export function noticesPage(p: Frame & { notices: NoticeItem[] }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Thông báo", en: "Notices" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      {p.notices.length === 0 ? <p class="empty">{t(L, { vi: "Bạn chưa có thông báo nào.", en: "You have no notices." })}</p> : null}
      <ul class="notices">
        {p.notices.map((n) => (
          <li>
            <strong>{formatDate(new Date(n.createdAt))}</strong> — {L === "vi" ? n.vi : n.en}{" "}
            {n.certificateId ? <a href={`/c/${n.certificateId}`}>{t(L, { vi: `Giấy chứng nhận số ${n.certificateId} →`, en: `Certificate no. ${n.certificateId} →` })}</a> : null}
          </li>
        ))}
      </ul>
    </Layout>,
  );
}
