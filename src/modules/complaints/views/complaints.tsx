import { formatDate, formatDateTime, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, type PublicFrame, renderPage, t } from "../../../web/layout.js";
import { Count, FilterForm } from "../../../web/list-kit.js";
import { COMPLAINT_STATE_LABELS, COMPLAINT_TOPIC_LABELS, MAX_COMPLAINT_PHOTO_BYTES, type ComplaintView } from "../inputs.js";
import { COMPLAINT_STATES, COMPLAINT_TOPICS, type ComplaintState, type ComplaintTopic } from "../schema.js";

/* The public complaint form, the complainant's private page, and the office's list (/complaints). */

export type Values = Record<string, string>;

export function complaintFormPage(p: PublicFrame & { certificateId: number; productName: string; values: Values; error?: AppError | undefined }): string {
  const L = p.locale;
  const v = p.values;
  return renderPage(
    <Layout title={{ vi: "Phản ánh về sản phẩm OCOP", en: "Complain about an OCOP product" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href={`/c/${p.certificateId}`}>{t(L, { vi: "← Về trang giấy chứng nhận", en: "← Back to the certificate" })}</a>
      </p>
      <p>
        <strong>{p.productName}</strong>
      </p>
      <p class="sub">
        {t(L, {
          vi: "Cơ quan quản lý OCOP tỉnh sẽ xem xét và có thể kiểm tra sản phẩm. Nghi ngờ tem giả? Hãy báo từ trang kiểm tra tem. Thông tin liên hệ không bắt buộc, chỉ cơ quan quản lý thấy.",
          en: "The provincial OCOP office will look into it and may inspect the product. A suspected fake stamp? Report it from the stamp's page. Contact details are optional and seen only by the office.",
        })}
      </p>
      <Problem error={p.error} locale={L} />
      <form method="post" action="/complaints/new" enctype="multipart/form-data" class="card">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <input type="hidden" name="certificateId" value={String(p.certificateId)} />
        <label for="topic">{t(L, { vi: "Nội dung phản ánh (bắt buộc)", en: "What is it about? (required)" })}</label>
        <select id="topic" name="topic" required>
          {COMPLAINT_TOPICS.map((k) => (
            <option value={k} selected={v["topic"] === k}>
              {t(L, COMPLAINT_TOPIC_LABELS[k])}
            </option>
          ))}
        </select>
        <FieldMessage error={p.error} path="topic" locale={L} />
        <label for="what">{t(L, { vi: "Mô tả (bắt buộc)", en: "Describe it (required)" })}</label>
        <textarea id="what" name="what" required maxlength={4000} rows={5}>
          {v["what"] ?? ""}
        </textarea>
        <FieldMessage error={p.error} path="what" locale={L} />
        <label for="place">{t(L, { vi: "Nơi mua (không bắt buộc)", en: "Where you bought it (optional)" })}</label>
        <input id="place" name="place" type="text" maxlength={500} value={v["place"] ?? ""} />
        <FieldMessage error={p.error} path="place" locale={L} />
        <label for="photo">{t(L, { vi: `Ảnh (không bắt buộc; JPEG, PNG, WebP, tối đa ${MAX_COMPLAINT_PHOTO_BYTES / 1024 / 1024} MB)`, en: `Photo (optional; JPEG, PNG, WebP, up to ${MAX_COMPLAINT_PHOTO_BYTES / 1024 / 1024} MB)` })}</label>
        <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" />
        <FieldMessage error={p.error} path="photo" locale={L} />
        <label for="contact">{t(L, { vi: "Số điện thoại hoặc email (không bắt buộc)", en: "Phone or email (optional)" })}</label>
        <input id="contact" name="contact" type="text" maxlength={200} value={v["contact"] ?? ""} />
        <FieldMessage error={p.error} path="contact" locale={L} />
        <button type="submit">{t(L, { vi: "Gửi phản ánh", en: "Send" })}</button>
      </form>
    </Layout>,
  );
}

function Outcome({ x, locale: L }: { x: ComplaintView; locale: Locale }) {
  if (x.state === "closed") return <p>{`${t(L, { vi: "Lý do đóng", en: "Closed because" })}: ${x.closeReason ?? ""}`}</p>;
  if (x.state === "inspection")
    return x.inspection ? (
      <p>{`${t(L, { vi: "Kết luận kiểm tra", en: "Inspection's conclusion" })} (${formatDate(x.inspection.concludedOn)}): ${t(L, x.inspection.conclusionLabel)}`}</p>
    ) : (
      <p>{t(L, { vi: "Đoàn kiểm tra đang kiểm tra sản phẩm.", en: "An inspection team is checking the product." })}</p>
    );
  return <p>{t(L, { vi: "Cơ quan quản lý đang xem xét.", en: "The office is looking into it." })}</p>;
}

export function trackPage(p: PublicFrame & { x: ComplaintView; link: string; fresh: boolean }): string {
  const L = p.locale;
  const x = p.x;
  return renderPage(
    <Layout title={{ vi: `Phản ánh ${x.caseNumber}`, en: `Complaint ${x.caseNumber}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      {p.fresh ? (
        <div class="notice ok" role="status">
          <p>{t(L, { vi: "Đã ghi nhận phản ánh. Hãy lưu đường dẫn riêng này để theo dõi (chỉ bạn có):", en: "Your complaint is recorded. Keep this private link to follow it (only you have it):" })}</p>
          <p>
            <code id="private-link">{p.link}</code>
          </p>
        </div>
      ) : null}
      <section class="card">
        <h2>
          {`${x.caseNumber} · `}
          <span class="badge">{t(L, COMPLAINT_STATE_LABELS[x.state])}</span>
        </h2>
        <dl class="props">
          <dt>{t(L, { vi: "Sản phẩm", en: "Product" })}</dt>
          <dd>
            <a href={`/c/${x.certificateId}`}>{x.productName}</a>
          </dd>
          <dt>{t(L, { vi: "Nội dung", en: "About" })}</dt>
          <dd>{t(L, COMPLAINT_TOPIC_LABELS[x.topic])}</dd>
          <dt>{t(L, { vi: "Ngày gửi", en: "Sent" })}</dt>
          <dd>{formatDateTime(new Date(x.createdAt))}</dd>
          <dt>{t(L, { vi: "Mô tả", en: "Description" })}</dt>
          <dd>{x.what}</dd>
        </dl>
        <Outcome x={x} locale={L} />
      </section>
    </Layout>,
  );
}

export type Failed = { id: number; values: Values; error: AppError };
const NOTICES = { inspection: { vi: "Đã mở đợt kiểm tra theo phản ánh.", en: "An inspection is opened." }, closed: { vi: "Đã đóng phản ánh.", en: "The complaint is closed." } };

export function officePage(p: Frame & { items: ComplaintView[]; filters: { state?: ComplaintState | undefined; topic?: ComplaintTopic | undefined; q?: string | undefined }; today: string; failed?: Failed | undefined; done?: string | undefined }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Phản ánh về sản phẩm OCOP", en: "Complaints about OCOP products" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <FilterForm
        action="/complaints"
        locale={L}
        values={p.filters}
        fields={[
          { kind: "search", name: "q", label: { vi: "Số phản ánh, sản phẩm, nội dung hoặc nơi mua", en: "Number, product, text or place" }, placeholder: "PA-000012" },
          { kind: "select", name: "state", label: { vi: "Trạng thái", en: "State" }, choices: COMPLAINT_STATES.map((s) => ({ value: s, label: COMPLAINT_STATE_LABELS[s] })) },
          { kind: "select", name: "topic", label: { vi: "Nội dung", en: "Topic" }, choices: COMPLAINT_TOPICS.map((s) => ({ value: s, label: COMPLAINT_TOPIC_LABELS[s] })) },
        ]}
      />
      <Count total={p.items.length} noun={{ vi: "phản ánh", en: "complaints" }} locale={L} />
      {p.items.length === 0 ? <p class="empty">{t(L, { vi: "Không có phản ánh nào.", en: "No complaint." })}</p> : null}
      {p.items.map((x) => {
        const mine = p.failed?.id === x.id ? p.failed : undefined;
        const fid = `complaint-${x.id}`;
        return (
          <section class="card" id={fid}>
            <h2>
              {`${x.caseNumber} · `}
              <span class={`badge ${x.state === "new" ? "badge-warn" : "badge-ok"}`}>{t(L, COMPLAINT_STATE_LABELS[x.state])}</span>
            </h2>
            <dl class="props">
              <dt>{t(L, { vi: "Sản phẩm", en: "Product" })}</dt>
              <dd>
                <a href={`/certificates/${x.certificateId}/manage`}>{x.productName}</a>
              </dd>
              <dt>{t(L, { vi: "Nội dung", en: "About" })}</dt>
              <dd>{t(L, COMPLAINT_TOPIC_LABELS[x.topic])}</dd>
              <dt>{t(L, { vi: "Ngày nhận", en: "Received" })}</dt>
              <dd>{formatDateTime(new Date(x.createdAt))}</dd>
              <dt>{t(L, { vi: "Mô tả", en: "Description" })}</dt>
              <dd>{x.what}</dd>
              {x.place ? (
                <>
                  <dt>{t(L, { vi: "Nơi mua", en: "Where bought" })}</dt>
                  <dd>{x.place}</dd>
                </>
              ) : null}
              {x.contact ? (
                <>
                  <dt>{t(L, { vi: "Liên hệ", en: "Contact" })}</dt>
                  <dd>{x.contact}</dd>
                </>
              ) : null}
              {x.hasPhoto ? (
                <>
                  <dt>{t(L, { vi: "Ảnh", en: "Photo" })}</dt>
                  <dd>
                    <a href={`/api/complaints/${x.id}/photo`}>{t(L, { vi: "Xem ảnh", en: "View the photo" })}</a>
                  </dd>
                </>
              ) : null}
            </dl>
            <Outcome x={x} locale={L} />
            {x.state === "new" ? (
              <>
                <form method="post" action={`/complaints/${x.id}/inspection`}>
                  <input type="hidden" name="_csrf" value={p.csrfToken} />
                  <Problem error={mine?.values["form"] === "inspection" ? mine.error : undefined} locale={L} />
                  <label for={`${fid}-team`}>{t(L, { vi: "Đoàn kiểm tra (mỗi dòng một người)", en: "Inspection team (one per line)" })}</label>
                  <textarea id={`${fid}-team`} name="team" required rows={2}>
                    {mine?.values["team"] ?? ""}
                  </textarea>
                  <label for={`${fid}-start`}>{t(L, { vi: "Ngày bắt đầu", en: "Start date" })}</label>
                  <input id={`${fid}-start`} name="startedOn" type="date" required value={mine?.values["startedOn"] ?? p.today} />
                  <button type="submit">{t(L, { vi: "Mở đợt kiểm tra đột xuất", en: "Open an ad hoc inspection" })}</button>
                </form>
                <form method="post" action={`/complaints/${x.id}/close`}>
                  <input type="hidden" name="_csrf" value={p.csrfToken} />
                  <Problem error={mine?.values["form"] === "close" ? mine.error : undefined} locale={L} />
                  <label for={`${fid}-reason`}>{t(L, { vi: "Lý do đóng (người phản ánh sẽ đọc)", en: "Reason for closing (the complainant reads it)" })}</label>
                  <textarea id={`${fid}-reason`} name="reason" required maxlength={4000} rows={2}>
                    {mine?.values["reason"] ?? ""}
                  </textarea>
                  <button type="submit">{t(L, { vi: "Đóng phản ánh", en: "Close" })}</button>
                </form>
              </>
            ) : null}
          </section>
        );
      })}
    </Layout>,
  );
}
