import { REVOCATION_GROUNDS } from "../../../domain/certificate-status.js";
import { type Bilingual, formatDate, formatNumber, type Locale } from "../../../lib/i18n.js";
import { FieldMessage, Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { CertificatePublic, InspectionView } from "../inputs.js";
import { INSPECTION_CONCLUSIONS, INSPECTION_KINDS } from "../schema.js";
import { Field, type FailedForm, formState, stars, TextArea } from "./form.js";
import { DocumentsCard } from "./documents.js";
import type { CertificateDocuments } from "../inputs.js";

/* One certificate's page for the office that recognised it: its facts, suspension, lifting, revocation and post-checks. */

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
  const c = formState(failed, `conclude-${ins.id}`, { concludedOn: today, conclusion: "keep" });
  const f = formState(failed, `files-${ins.id}`, { kind: "lab" });
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

export function managePage(p: Frame & { cert: CertificatePublic; inspections: InspectionView[]; documents: CertificateDocuments | null; today: string; failed?: FailedForm; done?: string | undefined }): string {
  const L = p.locale;
  const x = p.cert;
  const csrf = p.csrfToken;
  const inForce = !["revoked", "superseded", "expired"].includes(x.status);
  const suspend = formState(p.failed, "suspend", { from: p.today });
  const lift = formState(p.failed, "lift", { on: p.today });
  const revoke = formState(p.failed, "revoke", { effectiveOn: p.today, authorityName: x.decision.authorityName });
  const open = formState(p.failed, "inspection", { kind: "periodic", startedOn: p.today });
  const top = p.failed && ["suspend", "lift", "revoke", "inspection"].includes(p.failed.form) ? p.failed.error : undefined;
  return renderPage(
    <Layout title={{ vi: `Xử lý giấy chứng nhận số ${x.id}`, en: `Certificate no. ${x.id}: actions` }} locale={L} principal={p.principal} csrfToken={csrf} path={p.path}>
      <p>
        <a href="/certificates">{t(L, { vi: "← Giấy chứng nhận OCOP", en: "← OCOP certificates" })}</a>
      </p>
      <Notice done={p.done} notices={MANAGE_NOTICES} locale={L} />
      <Problem error={top} locale={L} />
      <Facts cert={x} locale={L} />
      <DocumentsCard docs={p.documents} today={p.today} locale={L} />
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
