import { DEADLINE_LABELS, type CycleDeadlines, type DeadlineKey } from "../../../domain/cycle-deadlines.js";
import { IDEA_ACTION_LABELS, type IdeaAction } from "../../../domain/idea-workflow.js";
import { criteriaSetLabel } from "../../../domain/product-categories.js";
import { type Bilingual, formatDate, formatNumber, type Locale } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { UPLOAD_LIMITS, megabytes } from "../../../lib/upload-limits.js";
import { FieldMessage, Notice, Problem } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { WorkflowHistory } from "../../../web/workflow-history.js";
import type { IdeaDetail, IdeaFormField } from "../inputs.js";
import { FIELD_LABELS } from "./idea-form.js";
import { NOTICES, NextStep, StateBadge, reasonRequired } from "./idea-state.js";

function Field({ label, children }: { label: Bilingual & { L: Locale }; children: unknown }) {
  return (
    <>
      <dt>{t(label.L, label)}</dt>
      <dd>{children as never}</dd>
    </>
  );
}

export function ideaPage(p: Frame & { idea: IdeaDetail; deadlines: CycleDeadlines | undefined; now: Date; canAuthor: boolean; missing?: string[]; done?: string | undefined; error?: AppError; actionError?: IdeaAction }): string {
  const L = p.locale;
  const i = p.idea;
  const lbl = (vi: string, en: string) => ({ vi, en, L });
  return renderPage(
    <Layout title={{ vi: i.name, en: i.name }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/ideas">{t(L, { vi: "← Danh sách ý tưởng", en: "← All ideas" })}</a>
      </p>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <p>
        <StateBadge state={i.state} locale={L} /> {i.attempt > 1 ? <span class="sub">{t(L, { vi: `Lần gửi thứ ${i.attempt}`, en: `Attempt ${i.attempt}` })}</span> : null}
      </p>
      {i.lastReason && (i.state === "returned" || i.state === "rejected") ? (
        <div class="notice warn" role="status">
          <p>
            <strong>{t(L, { vi: "Lý do:", en: "Reason:" })}</strong> {i.lastReason}
          </p>
          {i.editable ? <p>{t(L, { vi: "Hãy sửa phiếu đăng ký theo góp ý rồi gửi lại.", en: "Revise the form as advised, then resubmit." })}</p> : null}
        </div>
      ) : null}
      <p>
        {t(L, { vi: "Bước tiếp theo", en: "Next step" })}: <NextStep idea={i} deadlines={p.deadlines} now={p.now} locale={L} />
      </p>
      {/* A message shown beside its field is not repeated in the box at the top. */}
      <Problem error={p.error} locale={L} beside={p.actionError && reasonRequired(p.actionError) ? ["reason"] : []} />
      {p.missing?.length && !p.error ? (
        <div class="notice warn" role="status">
          <p>
            {t(L, { vi: "Phiếu còn thiếu trước khi gửi:", en: "Still missing before it can be sent:" })} {p.missing.map((f) => t(L, FIELD_LABELS[f as IdeaFormField].label)).join("; ")}.
          </p>
        </div>
      ) : null}
      {i.actions.length ? (
        <section class="card">
          <h2>{t(L, { vi: "Xử lý", en: "Act" })}</h2>
          {i.actions.map((a) => (
            <form method="post" action={`/ideas/${i.id}/actions`}>
              <input type="hidden" name="_csrf" value={p.csrfToken} />
              <input type="hidden" name="action" value={a} />
              {reasonRequired(a) ? (
                <>
                  <label for={`reason-${a}`}>{t(L, { vi: "Lý do", en: "Reason" })}</label>
                  <textarea id={`reason-${a}`} name="reason" rows={2} required maxlength={2000}></textarea>
                  {p.actionError === a ? <FieldMessage error={p.error} path="reason" locale={L} /> : null}
                </>
              ) : null}
              <button type="submit" class={reasonRequired(a) ? "secondary" : undefined}>
                {t(L, IDEA_ACTION_LABELS[a])}
              </button>
            </form>
          ))}
        </section>
      ) : null}
      {i.editable ? (
        <p>
          <a class="button secondary" href={`/ideas/${i.id}/edit`}>
            {t(L, { vi: "Sửa phiếu đăng ký", en: "Edit the form" })}
          </a>
        </p>
      ) : null}
      {i.planId !== null ? (
        <p>
          <a class="button" href={`/plans/${i.planId}`}>
            {t(L, { vi: "Xem phương án sản xuất kinh doanh", en: "See the business plan" })}
          </a>
        </p>
      ) : i.state === "approved" && p.canAuthor ? (
        <p>
          <a class="button" href={`/ideas/${i.id}/plan/new`}>
            {t(L, { vi: "Lập phương án sản xuất kinh doanh", en: "Write the business plan" })}
          </a>
        </p>
      ) : null}
      <section class="card">
        <h2>{t(L, { vi: "Phiếu đăng ký", en: "Registration form" })}</h2>
        <dl>
          <Field label={lbl("Chủ thể", "Producer")}>{i.producerName}</Field>
          <Field label={lbl("Địa bàn", "Area")}>{[i.communeName, i.parentUnitName].filter(Boolean).join(", ")}</Field>
          <Field label={lbl("Chu trình", "Cycle")}>{`${i.cycleYear} · ${i.chain === "commune-province" ? t(L, { vi: "xã → tỉnh", en: "commune → province" }) : t(L, { vi: "xã → huyện → tỉnh", en: "commune → district → province" })}`}</Field>
          {(Object.keys(FIELD_LABELS) as IdeaFormField[]).map((f) => (
            <Field label={{ ...FIELD_LABELS[f].label, L }}>{f === "criteriaSetId" ? (i.criteriaSetId === null ? "—" : `${i.criteriaSetId}. ${criteriaSetLabel(i.criteriaSetId, L)}`) : String(i[f]) || "—"}</Field>
          ))}
        </dl>
      </section>
      <section class="card" id="attachments">
        <h2>{t(L, { vi: "Tệp đính kèm", en: "Attachments" })}</h2>
        {i.attachments.length === 0 ? <p class="empty">{t(L, { vi: "Chưa có tệp nào.", en: "No files yet." })}</p> : null}
        <ul>
          {i.attachments.map((a) => (
            <li>
              <a href={`/ideas/${i.id}/attachments/${a.fileId}`}>{a.name}</a> <span class="sub">{`${formatNumber(Math.ceil(a.size / 1024))} KB`}</span>
              {i.editable ? (
                <form method="post" action={`/ideas/${i.id}/attachments/${a.fileId}/remove`} class="inline">
                  <input type="hidden" name="_csrf" value={p.csrfToken} />
                  <button type="submit" class="secondary">
                    {t(L, { vi: "Gỡ", en: "Remove" })}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {i.editable ? (
          <form method="post" action={`/ideas/${i.id}/attachments`} enctype="multipart/form-data">
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <label for="file">{t(L, { vi: `Thêm tệp (ảnh JPEG, PNG, WebP, GIF hoặc PDF, tối đa ${megabytes(UPLOAD_LIMITS.ideaAttachment.maxBytes, "vi-VN")} MB)`, en: `Add a file (JPEG, PNG, WebP, GIF image or PDF, up to ${megabytes(UPLOAD_LIMITS.ideaAttachment.maxBytes, "en")} MB)` })}</label>
            <input id="file" type="file" name="file" accept="image/jpeg,image/png,image/webp,application/pdf" required />
            <FieldMessage error={p.error} path="file" locale={L} />
            <button type="submit" class="secondary">
              {t(L, { vi: "Tải lên", en: "Upload" })}
            </button>
          </form>
        ) : null}
      </section>
      <WorkflowHistory events={i.events} locale={L} label={(k) => (k === "create" ? { vi: "Tạo phiếu", en: "Created" } : (IDEA_ACTION_LABELS[k as IdeaAction] ?? { vi: k, en: k }))} />
      {p.deadlines ? (
        <section class="card">
          <h2>{t(L, { vi: "Các hạn của chu trình", en: "The cycle's deadlines" })}</h2>
          <ul>
            {(Object.keys(DEADLINE_LABELS) as DeadlineKey[])
              .filter((k) => p.deadlines![k])
              .map((k) => (
                <li>{`${t(L, DEADLINE_LABELS[k])}: ${formatDate(p.deadlines![k]!)}`}</li>
              ))}
          </ul>
        </section>
      ) : null}
    </Layout>,
  );
}
