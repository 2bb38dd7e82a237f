import { SOURCE_KIND_LABELS, TASK_STATE_LABELS, type TaskState } from "../../../domain/task-workflow.js";
import { formatDate, formatNumber, type Locale } from "../../../lib/i18n.js";
import { t } from "../../../web/layout.js";
import { Badge, type Tone } from "../../../web/list-kit.js";
import type { TaskView } from "../inputs.js";

export const STATE_TONES: Record<TaskState, Tone> = { assigned: "info", in_progress: "warn", done: "ok", cancelled: "muted" };

/** The state as a badge, with "overdue N days" or "done late" beside it: the words carry it, not the colour. */
export function StateBadges({ task, locale: L }: { task: TaskView; locale: Locale }) {
  return (
    <>
      <Badge tone={STATE_TONES[task.state]} label={TASK_STATE_LABELS[task.state]} locale={L} />
      {task.overdue ? (
        <>
          {" "}
          <Badge tone="bad" label={{ vi: `Quá hạn ${formatNumber(task.daysOverdue)} ngày`, en: `Overdue by ${formatNumber(task.daysOverdue)} day${task.daysOverdue === 1 ? "" : "s"}` }} locale={L} />
        </>
      ) : null}
      {task.doneLate ? (
        <>
          {" "}
          <Badge tone="warn" label={{ vi: "Hoàn thành sau hạn", en: "Done after the deadline" }} locale={L} />
        </>
      ) : null}
    </>
  );
}

/** "Thông báo kết luận số 05-TB/BCĐ ngày 03/03/2026: …" */
export function sourceLine(task: TaskView, L: Locale): string {
  const s = task.source;
  const no = s.number ? t(L, { vi: ` số ${s.number}`, en: ` no. ${s.number}` }) : "";
  return `${t(L, SOURCE_KIND_LABELS[s.kind])}${no} ${t(L, { vi: "ngày", en: "of" })} ${formatDate(s.date)}: ${s.title}`;
}

export const assigneeLine = (task: TaskView) => task.assignee.name;
