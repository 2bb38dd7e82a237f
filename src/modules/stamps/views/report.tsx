import { formatDateTime, type Bilingual, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, type PublicFrame, renderPage, t } from "../../../web/layout.js";
import { Count, FilterForm } from "../../../web/list-kit.js";
import { MAX_REPORT_PHOTO_BYTES, REPORT_STATE_LABELS, type ReportState, type ReportView } from "../inputs.js";
import { REPORT_STATES } from "../schema.js";

/*
 * Reports of suspected fakes: the form under the scan page (/s/{code}/report) with its thank-you page, and the
 * office's page of cases.
 */

export type Values = Record<string, string>;

// ---- the public form ----

type FormProps = PublicFrame & { code: string; values: Values; error?: AppError | undefined };

export function reportFormPage(p: FormProps): string {
  const L = p.locale;
  const v = p.values;
  const action = `/s/${encodeURIComponent(p.code)}/report`;
  return renderPage(
    <Layout title={{ vi: "Báo cáo tem, sản phẩm nghi giả", en: "Report a suspected fake" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href={`/s/${encodeURIComponent(p.code)}`}>{t(L, { vi: "← Về trang kiểm tra tem", en: "← Back to the stamp check" })}</a>
      </p>
      <p>
        {t(L, { vi: "Mã tem: ", en: "Stamp code: " })}
        <code>{p.code.slice(0, 64)}</code>
      </p>
      <p class="sub">
        {t(L, {
          vi: "Cơ quan quản lý OCOP tỉnh sẽ xác minh báo cáo. Thông tin liên hệ là không bắt buộc và chỉ dùng để liên lạc lại với bạn.",
          en: "The provincial OCOP office will look into your report. Contact details are optional and used only to reach you.",
        })}
      </p>
      <Problem error={p.error} locale={L} />
      <form method="post" action={action} enctype="multipart/form-data" class="card">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <label for="what">{t(L, { vi: "Điều gì đã xảy ra? (bắt buộc)", en: "What happened? (required)" })}</label>
        <textarea id="what" name="what" required maxlength={4000} rows={5}>
          {v["what"] ?? ""}
        </textarea>
        <FieldMessage error={p.error} path="what" locale={L} />
        <label for="place">{t(L, { vi: "Nơi mua (không bắt buộc)", en: "Where you bought it (optional)" })}</label>
        <input id="place" name="place" type="text" maxlength={500} value={v["place"] ?? ""} />
        <FieldMessage error={p.error} path="place" locale={L} />
        <label for="photo">{t(L, { vi: `Ảnh sản phẩm hoặc tem (không bắt buộc; JPEG, PNG, WebP, tối đa ${MAX_REPORT_PHOTO_BYTES / 1024 / 1024} MB)`, en: `Photo of the product or stamp (optional; JPEG, PNG, WebP, up to ${MAX_REPORT_PHOTO_BYTES / 1024 / 1024} MB)` })}</label>
        <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" />
        <FieldMessage error={p.error} path="photo" locale={L} />
        <label for="contact">{t(L, { vi: "Số điện thoại hoặc email để liên hệ lại (không bắt buộc)", en: "Phone or email to contact you (optional)" })}</label>
        <input id="contact" name="contact" type="text" maxlength={200} autocomplete="tel" value={v["contact"] ?? ""} />
        <FieldMessage error={p.error} path="contact" locale={L} />
        <button type="submit">{t(L, { vi: "Gửi báo cáo", en: "Send the report" })}</button>
      </form>
    </Layout>,
  );
}

export function thanksPage(p: PublicFrame & { caseNumber: string }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Cảm ơn bạn đã báo cáo", en: "Thank you for your report" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <div class="notice ok" role="status">
        <p>
          {t(L, { vi: "Báo cáo của bạn đã được ghi nhận với mã số ", en: "Your report is recorded as case " })}
          <strong id="case-number">{p.caseNumber}</strong>.
        </p>
        <p>{t(L, { vi: "Hãy ghi lại mã số này nếu bạn cần liên hệ với cơ quan quản lý OCOP tỉnh.", en: "Keep this number if you need to contact the provincial OCOP office." })}</p>
      </div>
      <p>
        <a href="/">{t(L, { vi: "Về trang chủ", en: "Back to the home page" })}</a>
      </p>
    </Layout>,
  );
}

// ---- the office's page ----

/** The case whose form failed, with what was typed and why. */
export type Failed = { id: number; values: Values; error: AppError };

const NOTICES: Record<string, Bilingual> = { updated: { vi: "Đã cập nhật vụ việc.", en: "The case is updated." } };

function CaseCard({ r, csrfToken, failed, locale: L }: { r: ReportView; csrfToken: string; failed: Failed | undefined; locale: Locale }) {
  const mine = failed?.id === r.id ? failed : undefined;
  const state = mine?.values["state"] ?? r.state;
  const formId = `case-${r.id}`;
  return (
    <section class="card" id={formId}>
      <h2>
        {`${r.caseNumber} · `}
        <span class={`badge ${r.state === "confirmed_fake" ? "badge-bad" : r.state === "dismissed" ? "badge-ok" : "badge-warn"}`}>{t(L, REPORT_STATE_LABELS[r.state])}</span>
      </h2>
      <dl class="props">
        <dt>{t(L, { vi: "Ngày nhận", en: "Received" })}</dt>
        <dd>{formatDateTime(new Date(r.createdAt))}</dd>
        <dt>{t(L, { vi: "Mã tem", en: "Stamp code" })}</dt>
        <dd>
          <code>{r.code ?? "—"}</code>
          {r.stampId === null ? ` (${t(L, { vi: "không phải tem đã phát hành", en: "not an issued stamp" })})` : ` (${t(L, { vi: "tem", en: "stamp" })} #${r.stampId}, ${t(L, { vi: "lô tem", en: "batch" })} ${r.batchId ?? "?"}, ${t(L, { vi: "số thứ tự", en: "seq" })} ${r.seq ?? "?"})`}
        </dd>
        <dt>{t(L, { vi: "Sản phẩm", en: "Product" })}</dt>
        <dd>{r.productName ?? "—"}</dd>
        <dt>{t(L, { vi: "Nội dung", en: "What happened" })}</dt>
        <dd>{r.what}</dd>
        {r.place ? (
          <>
            <dt>{t(L, { vi: "Nơi mua", en: "Where bought" })}</dt>
            <dd>{r.place}</dd>
          </>
        ) : null}
        {r.contact ? (
          <>
            <dt>{t(L, { vi: "Liên hệ", en: "Contact" })}</dt>
            <dd>{r.contact}</dd>
          </>
        ) : null}
        {r.photoUrl ? (
          <>
            <dt>{t(L, { vi: "Ảnh", en: "Photo" })}</dt>
            <dd>
              <a href={r.photoUrl}>{t(L, { vi: "Xem ảnh", en: "View the photo" })}</a>
            </dd>
          </>
        ) : null}
        {r.officeNote ? (
          <>
            <dt>{t(L, { vi: "Ghi chú xử lý", en: "Office note" })}</dt>
            <dd>{r.officeNote}</dd>
          </>
        ) : null}
      </dl>
      <form method="post" action={`/reports/fakes/${r.id}`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <Problem error={mine?.error} locale={L} />
        <label for={`${formId}-state`}>{t(L, { vi: "Trạng thái", en: "State" })}</label>
        <select id={`${formId}-state`} name="state">
          {REPORT_STATES.map((s) => (
            <option value={s} selected={state === s}>
              {t(L, REPORT_STATE_LABELS[s])}
            </option>
          ))}
        </select>
        <label for={`${formId}-note`}>{t(L, { vi: "Ghi chú xử lý", en: "Note" })}</label>
        <textarea id={`${formId}-note`} name="note" required maxlength={4000} rows={2}>
          {mine?.values["note"] ?? ""}
        </textarea>
        <FieldMessage error={mine?.error} path="note" locale={L} />
        <button type="submit">{t(L, { vi: "Cập nhật", en: "Update" })}</button>
      </form>
    </section>
  );
}

export function casesPage(p: Frame & { items: ReportView[]; state: ReportState | undefined; q?: string | undefined; failed?: Failed; done?: string | undefined }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Báo cáo tem, sản phẩm nghi giả", en: "Reports of suspected fakes" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <FilterForm
        action="/reports/fakes"
        locale={L}
        values={{ q: p.q, state: p.state }}
        fields={[
          { kind: "search", name: "q", label: { vi: "Số hồ sơ, sản phẩm, mã tem hoặc nơi mua", en: "Case number, product, stamp code or place" }, placeholder: "BCG-000012" },
          { kind: "select", name: "state", label: { vi: "Trạng thái", en: "State" }, choices: REPORT_STATES.map((s) => ({ value: s, label: REPORT_STATE_LABELS[s] })) },
        ]}
      />
      <Count total={p.items.length} noun={{ vi: "báo cáo", en: "reports" }} locale={L} />
      {p.items.length === 0 ? <p class="empty">{t(L, p.q || p.state ? { vi: "Không có báo cáo nào khớp.", en: "No report matches." } : { vi: "Không có báo cáo nào.", en: "No report." })}</p> : null}
      {p.items.map((r) => (
        <CaseCard r={r} csrfToken={p.csrfToken} failed={p.failed} locale={L} />
      ))}
    </Layout>,
  );
}
