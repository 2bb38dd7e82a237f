import { formatDate, formatNumber, type Locale } from "../../../lib/i18n.js";
import { t } from "../../../web/layout.js";
import type { TaskView } from "../inputs.js";

export type OverdueTasks = { items: TaskView[]; total: number };

/**
 * The overdue tasks on a home page, for the office that assigned them and for the assignee: the oldest deadline
 * first, each with its assignee and how late it is, and a link to the whole filtered list.
 */
export function OverdueTasksCard({ overdue, locale: L }: { overdue: OverdueTasks; locale: Locale }) {
  if (!overdue.total) return null;
  return (
    <section class="card" id="overdue-tasks">
      <h2>{t(L, { vi: `Nhiệm vụ quá hạn (${formatNumber(overdue.total)})`, en: `Overdue tasks (${formatNumber(overdue.total)})` })}</h2>
      <ul>
        {overdue.items.map((task) => (
          <li>
            <a href={`/tasks/${task.id}`}>{task.title}</a>
            <span class="sub">
              {` — ${task.assignee.name} · ${t(L, { vi: `hạn ${formatDate(task.deadline)}, quá ${formatNumber(task.daysOverdue)} ngày`, en: `due ${formatDate(task.deadline)}, ${formatNumber(task.daysOverdue)} day(s) late` })}`}
            </span>
          </li>
        ))}
      </ul>
      <p>
        <a href="/tasks?overdue=1">{t(L, { vi: "Xem tất cả nhiệm vụ quá hạn", en: "All overdue tasks" })}</a>
      </p>
    </section>
  );
}
