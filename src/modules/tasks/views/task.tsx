import { TASK_EVENT_LABELS, TASK_STATE_LABELS, isTaskOpen, type TaskState } from "../../../domain/task-workflow.js";
import { type Bilingual, formatDate, formatDateTime, formatNumber } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { FieldMessage, Notice, Problem, fieldErr } from "../../../web/form-messages.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { ROLE_LABELS } from "../../../web/role-labels.js";
import type { TaskDetail } from "../inputs.js";
import { StateBadges, sourceLine } from "./task-bits.js";

const NOTICES: Record<string, Bilingual> = {
  created: { vi: "Đã giao nhiệm vụ.", en: "Task assigned." },
  updated: { vi: "Đã lưu thay đổi.", en: "Changes saved." },
  progress: { vi: "Đã gửi báo cáo tiến độ.", en: "Progress report sent." },
  done: { vi: "Đã báo cáo hoàn thành nhiệm vụ.", en: "Completion reported." },
  cancelled: { vi: "Đã hủy nhiệm vụ.", en: "Task cancelled." },
};

const FIELD_NAMES: Record<string, Bilingual> = { title: { vi: "Nội dung", en: "Task" }, details: { vi: "Yêu cầu chi tiết", en: "Details" }, deadline: { vi: "Hạn", en: "Deadline" } };
const shown = (k: string, v: unknown) => (v === null || v === undefined || v === "" ? "—" : k === "deadline" ? formatDate(String(v)) : String(v));

function History({ task, locale: L }: { task: TaskDetail; locale: Frame["locale"] }) {
  return (
    <section class="card">
      <h2>{t(L, { vi: "Quá trình thực hiện", en: "History" })}</h2>
      <ol>
        {task.events.map((e) => (
          <li>
            <strong>{t(L, TASK_EVENT_LABELS[e.kind])}</strong>
            {` — ${formatDateTime(new Date(e.at))}`}
            {e.actorName ? ` · ${e.actorName}` : ""}
            {e.actorRole && e.actorRole in ROLE_LABELS ? <span class="sub">{` · ${t(L, ROLE_LABELS[e.actorRole as keyof typeof ROLE_LABELS])}`}</span> : null}
            {e.fromState !== e.toState && e.fromState ? <div class="sub">{`${t(L, TASK_STATE_LABELS[e.fromState])} → ${t(L, TASK_STATE_LABELS[e.toState])}`}</div> : null}
            {e.changes
              ? Object.entries(e.changes).map(([k, [b, a]]) => <div>{`${t(L, FIELD_NAMES[k] ?? { vi: k, en: k })}: ${shown(k, b)} → ${shown(k, a)}`}</div>)
              : null}
            {e.note ? <div>{e.note}</div> : null}
            {e.file ? (
              <div>
                <a href={`/tasks/${task.id}/files/${e.file.id}`}>{e.file.name}</a>
                <span class="sub">{` (${formatNumber(Math.ceil(e.file.size / 1024))} KB)`}</span>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export type ReportValues = { kind?: string; note?: string; reason?: string };

function ReportForm({ task, csrfToken, error, values, locale: L }: { task: TaskDetail; csrfToken: string; error: AppError | undefined; values: ReportValues; locale: Frame["locale"] }) {
  return (
    <section class="card" id="report">
      <h2>{t(L, { vi: "Báo cáo thực hiện", en: "Report on the task" })}</h2>
      <Problem error={error} locale={L} beside={["kind", "note", "file"]} />
      <form method="post" action={`/tasks/${task.id}/reports`} enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <fieldset>
          <legend>{t(L, { vi: "Loại báo cáo", en: "Kind of report" })}</legend>
          <label>
            <input type="radio" name="kind" value="progress" checked={values.kind !== "done"} /> {t(L, { vi: "Báo cáo tiến độ (việc đang làm)", en: "Progress (work under way)" })}
          </label>
          <label>
            <input type="radio" name="kind" value="done" checked={values.kind === "done"} /> {t(L, { vi: "Báo cáo hoàn thành (kết thúc nhiệm vụ)", en: "Completion (closes the task)" })}
          </label>
          <FieldMessage error={error} path="kind" locale={L} />
        </fieldset>
        <label for="note">{t(L, { vi: "Nội dung báo cáo", en: "Report" })}</label>
        <textarea id="note" name="note" rows={4} required aria-invalid={fieldErr(error, "note") ? "true" : undefined}>
          {values.note ?? ""}
        </textarea>
        <FieldMessage error={error} path="note" locale={L} />
        <label for="file">{t(L, { vi: "Tệp kèm theo (PDF hoặc ảnh, không bắt buộc)", en: "Attached file (PDF or image, optional)" })}</label>
        <input id="file" name="file" type="file" accept="application/pdf,image/*" aria-invalid={fieldErr(error, "file") ? "true" : undefined} />
        <FieldMessage error={error} path="file" locale={L} />
        <p>
          <button type="submit">{t(L, { vi: "Gửi báo cáo", en: "Send the report" })}</button>
        </p>
      </form>
    </section>
  );
}

function OfficeActions({ task, csrfToken, error, values, locale: L }: { task: TaskDetail; csrfToken: string; error: AppError | undefined; values: ReportValues; locale: Frame["locale"] }) {
  return (
    <section class="card" id="cancel">
      <h2>{t(L, { vi: "Văn phòng Điều phối", en: "The office" })}</h2>
      <p>
        <a href={`/tasks/${task.id}/edit`}>{t(L, { vi: "Sửa nội dung, gia hạn", en: "Edit, extend the deadline" })}</a>
      </p>
      <Problem error={error} locale={L} beside={["reason"]} />
      <form method="post" action={`/tasks/${task.id}/cancel`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <label for="reason">{t(L, { vi: "Lý do hủy nhiệm vụ", en: "Reason for cancelling" })}</label>
        <input id="reason" name="reason" value={values.reason ?? ""} required aria-invalid={fieldErr(error, "reason") ? "true" : undefined} />
        <FieldMessage error={error} path="reason" locale={L} />
        <p>
          <button type="submit" class="secondary">{t(L, { vi: "Hủy nhiệm vụ", en: "Cancel the task" })}</button>
        </p>
      </form>
    </section>
  );
}

export function taskPage(p: Frame & { task: TaskDetail; done?: string | undefined; error?: AppError | undefined; errorIn?: "report" | "cancel"; values?: ReportValues }): string {
  const L = p.locale;
  const task = p.task;
  const open = isTaskOpen(task.state as TaskState);
  return renderPage(
    <Layout title={{ vi: `Nhiệm vụ: ${task.title}`, en: `Task: ${task.title}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p>
        <a href="/tasks">{t(L, { vi: "← Danh sách nhiệm vụ", en: "← All tasks" })}</a>
        {task.canManage ? (
          <>
            {" · "}
            <a href={`/tasks/new?from=${task.id}`}>{t(L, { vi: "Giao thêm việc theo văn bản này", en: "Assign another task from this document" })}</a>
          </>
        ) : null}
      </p>
      <Notice done={p.done} notices={NOTICES} locale={L} />
      <section class="card">
        <p>
          <StateBadges task={task} locale={L} />
        </p>
        <dl>
          <dt>{t(L, { vi: "Giao cho", en: "Assigned to" })}</dt>
          <dd>{task.assignee.name}</dd>
          <dt>{t(L, { vi: "Hạn hoàn thành", en: "Deadline" })}</dt>
          <dd>{formatDate(task.deadline)}</dd>
          <dt>{t(L, { vi: "Văn bản giao", en: "Source document" })}</dt>
          <dd>{sourceLine(task, L)}</dd>
          {task.details ? (
            <>
              <dt>{t(L, { vi: "Yêu cầu chi tiết", en: "Details" })}</dt>
              <dd>{task.details}</dd>
            </>
          ) : null}
          {task.doneAt ? (
            <>
              <dt>{t(L, { vi: "Hoàn thành lúc", en: "Done at" })}</dt>
              <dd>{formatDateTime(new Date(task.doneAt))}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {open && task.canReport ? <ReportForm task={task} csrfToken={p.csrfToken} error={p.errorIn === "report" ? p.error : undefined} values={p.values ?? {}} locale={L} /> : null}
      {open && task.canManage ? <OfficeActions task={task} csrfToken={p.csrfToken} error={p.errorIn === "cancel" ? p.error : undefined} values={p.values ?? {}} locale={L} /> : null}
      {!open && p.error ? <Problem error={p.error} locale={L} /> : null}
      <History task={task} locale={L} />
    </Layout>,
  );
}
