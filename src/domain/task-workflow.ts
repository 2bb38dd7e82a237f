import type { Bilingual } from "../lib/i18n.js";
import { vnToday } from "../lib/dates.js";

/**
 * A task (nhiệm vụ) that a plan or a steering-committee conclusion assigns to an agency (sở, ngành, báo, đài…)
 * or to an administrative unit (UBND xã, huyện), with a deadline ("hoàn thành trước ngày 31/3/2020").
 *
 * - assigned: given, nothing reported yet;
 * - in_progress: the assignee has reported progress at least once;
 * - done: the assignee reported completion. Final;
 * - cancelled: withdrawn by the office that assigned it, with a reason. Final.
 */
export const TASK_STATES = ["assigned", "in_progress", "done", "cancelled"] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** What the assignee reports (progress or completion) and what the office does (cancel, edit). */
export const TASK_EVENT_KINDS = ["create", "progress", "done", "cancel", "edit"] as const;
export type TaskEventKind = (typeof TASK_EVENT_KINDS)[number];
export const TASK_REPORT_KINDS = ["progress", "done"] as const;
export type TaskReportKind = (typeof TASK_REPORT_KINDS)[number];

/** The documents that assign tasks in the seeds: plans (kế hoạch) and conclusions (thông báo kết luận). */
export const SOURCE_KINDS = ["plan", "conclusion", "decision", "other"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SOURCE_KIND_LABELS: Record<SourceKind, Bilingual> = {
  plan: { vi: "Kế hoạch", en: "Plan" },
  conclusion: { vi: "Thông báo kết luận", en: "Conclusion notice" },
  decision: { vi: "Quyết định", en: "Decision" },
  other: { vi: "Văn bản khác", en: "Other document" },
};

/** The kinds of agency the office lists (cơ quan, đơn vị không phải đơn vị hành chính). */
export const AGENCY_KINDS = ["department", "media", "bank", "mass_organisation", "other"] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABELS: Record<AgencyKind, Bilingual> = {
  department: { vi: "Sở, ban, ngành", en: "Department" },
  media: { vi: "Báo, đài", en: "Press and broadcasting" },
  bank: { vi: "Ngân hàng", en: "Bank" },
  mass_organisation: { vi: "Mặt trận, đoàn thể, hiệp hội", en: "Front, mass organisation, association" },
  other: { vi: "Đơn vị khác", en: "Other body" },
};

export const TASK_STATE_LABELS: Record<TaskState, Bilingual> = {
  assigned: { vi: "Đã giao", en: "Assigned" },
  in_progress: { vi: "Đang thực hiện", en: "In progress" },
  done: { vi: "Đã hoàn thành", en: "Done" },
  cancelled: { vi: "Đã hủy", en: "Cancelled" },
};

export const TASK_EVENT_LABELS: Record<TaskEventKind, Bilingual> = {
  create: { vi: "Giao nhiệm vụ", en: "Assigned" },
  progress: { vi: "Báo cáo tiến độ", en: "Progress reported" },
  done: { vi: "Báo cáo hoàn thành", en: "Completion reported" },
  cancel: { vi: "Hủy nhiệm vụ", en: "Cancelled" },
  edit: { vi: "Sửa nhiệm vụ", en: "Edited" },
};

export const isTaskOpen = (state: TaskState) => state === "assigned" || state === "in_progress";

/** Where a report or the office's step takes the task, or why it may not. */
export type TaskStep = { ok: true; to: TaskState } | { ok: false; code: "task-closed"; vi: string; en: string };

const closed = (state: TaskState): TaskStep => ({
  ok: false,
  code: "task-closed",
  vi: `Nhiệm vụ ${TASK_STATE_LABELS[state].vi.toLowerCase()}; không thể báo cáo hay thay đổi nữa.`,
  en: `The task is ${TASK_STATE_LABELS[state].en.toLowerCase()}; it can no longer be reported on or changed.`,
});

/** A progress report keeps (or puts) the task in progress; a completion report closes it. Only open tasks move. */
export function reportStep(state: TaskState, kind: TaskReportKind): TaskStep {
  if (!isTaskOpen(state)) return closed(state);
  return { ok: true, to: kind === "done" ? "done" : "in_progress" };
}

/** The office cancels or edits an open task only. */
export function officeStep(state: TaskState, kind: "cancel" | "edit"): TaskStep {
  if (!isTaskOpen(state)) return closed(state);
  return { ok: true, to: kind === "cancel" ? "cancelled" : state };
}

/**
 * Overdue: the deadline day (a Vietnam calendar date) has ended and the task is still open. The day ends at
 * midnight Vietnam time, so a task due on the 31st is on time at 23:59 on the 31st and overdue at 00:00 on the 1st.
 */
export function isOverdue(task: { state: TaskState; deadline: string }, now: Date): boolean {
  return isTaskOpen(task.state) && vnToday(now) > task.deadline;
}

/** Whole days past the deadline in Vietnam (0 on the deadline day or before it). */
export function daysOverdue(deadline: string, now: Date): number {
  const today = vnToday(now);
  if (today <= deadline) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${deadline}T00:00:00Z`)) / 86_400_000);
}

/** A task reported done after its deadline day was done late; shown beside "done" on the lists. */
export function doneLate(deadline: string, doneAt: Date | null): boolean {
  return doneAt !== null && vnToday(doneAt) > deadline;
}
