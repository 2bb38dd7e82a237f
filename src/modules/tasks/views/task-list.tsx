import { TASK_STATE_LABELS, TASK_STATES } from "../../../domain/task-workflow.js";
import { formatDate } from "../../../lib/i18n.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { type Column, Count, FilterForm, ListTable, Pager, type Choice } from "../../../web/list-kit.js";
import { Notice } from "../../../web/form-messages.js";
import type { ListTasksQuery, TaskList, TaskView } from "../inputs.js";
import { StateBadges, sourceLine } from "./task-bits.js";

/** The choices of the assignee filter: "a12" for an agency, "u34" for a unit. */
export type AssigneeChoice = Choice;

export function listValues(q: ListTasksQuery): Record<string, string | undefined> {
  return {
    q: q.q,
    state: q.state,
    assignee: q.agencyId ? `a${q.agencyId}` : q.unitId ? `u${q.unitId}` : undefined,
    overdue: q.overdue === undefined ? undefined : q.overdue ? "1" : "0",
  };
}

export function taskListPage(p: Frame & { list: TaskList; query: ListTasksQuery; assignees: AssigneeChoice[]; manage: boolean; done?: string | undefined }): string {
  const L = p.locale;
  const values = listValues(p.query);
  const columns: Column<TaskView>[] = [
    {
      label: { vi: "Nhiệm vụ", en: "Task" },
      cell: (r) => (
        <>
          <a href={`/tasks/${r.id}`}>{r.title}</a>
          <span class="sub">{sourceLine(r, L)}</span>
        </>
      ),
    },
    { label: { vi: "Giao cho", en: "Assigned to" }, cell: (r) => r.assignee.name },
    { label: { vi: "Hạn", en: "Deadline" }, cell: (r) => formatDate(r.deadline) },
    { label: { vi: "Trạng thái", en: "State" }, cell: (r) => <StateBadges task={r} locale={L} /> },
  ];
  return renderPage(
    <Layout title={p.manage ? { vi: "Nhiệm vụ được giao", en: "Assigned tasks" } : { vi: "Nhiệm vụ của tôi", en: "My tasks" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <Notice done={p.done} notices={{ cancelled: { vi: "Đã hủy nhiệm vụ.", en: "Task cancelled." } }} locale={L} />
      {p.manage ? (
        <p>
          <a class="button" href="/tasks/new">
            {t(L, { vi: "Giao nhiệm vụ mới", en: "Assign a new task" })}
          </a>{" "}
          <a href="/agencies">{t(L, { vi: "Danh sách cơ quan, đơn vị", en: "The list of agencies" })}</a>
        </p>
      ) : null}
      <FilterForm
        action="/tasks"
        locale={L}
        values={values}
        fields={[
          { kind: "search", name: "q", label: { vi: "Nội dung hoặc văn bản giao", en: "Task or source document" }, placeholder: "05-TB/BCĐ" },
          { kind: "select", name: "state", label: { vi: "Trạng thái", en: "State" }, choices: TASK_STATES.map((s) => ({ value: s, label: TASK_STATE_LABELS[s] })) },
          ...(p.assignees.length > 1 ? [{ kind: "select" as const, name: "assignee", label: { vi: "Giao cho", en: "Assigned to" }, choices: p.assignees }] : []),
          { kind: "select", name: "overdue", label: { vi: "Quá hạn", en: "Overdue" }, choices: [{ value: "1", label: { vi: "Chỉ việc quá hạn", en: "Overdue only" } }, { value: "0", label: { vi: "Không quá hạn", en: "Not overdue" } }] },
        ]}
      />
      <Count total={p.list.total} noun={{ vi: "nhiệm vụ", en: "tasks" }} locale={L} />
      <ListTable columns={columns} rows={p.list.items} locale={L} empty={{ vi: "Không có nhiệm vụ nào khớp với điều kiện tìm.", en: "No task matches." }} />
      <Pager base="/tasks" values={values} total={p.list.total} limit={p.query.limit} offset={p.query.offset} locale={L} />
    </Layout>,
  );
}
