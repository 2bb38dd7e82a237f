import type { Role } from "./roles.js";
import { formatDate, type Bilingual } from "../lib/i18n.js";
import { DEADLINE_LABELS, isLate, type CycleDeadlines, type DeadlineKey } from "./cycle-deadlines.js";
import type { LevelChain } from "./level-chain.js";

/**
 * The shared engine behind the idea and plan state machines. A workflow is a table of transitions; nothing
 * else decides what may happen, so pages (availableActions) and services (transition) cannot disagree.
 */
export type TransitionDef<S extends string, A extends string> = {
  action: A;
  from: readonly S[];
  to: S;
  roles: readonly Role[];
  chains: readonly LevelChain[];
  reasonRequired: boolean;
  /** The cycle deadline the action must be taken by (end of that day, Vietnam time); null: none. */
  deadline: DeadlineKey | null;
  /** Starting a new attempt after a return, rejection or revision request: every attempt is kept. */
  newAttempt: boolean;
};

export type WorkflowItem<S extends string> = { state: S; attempt: number };

export type TransitionContext = {
  chain: LevelChain;
  role: Role;
  now: Date;
  deadlines: CycleDeadlines;
  reason?: string | undefined;
};

export type WorkflowErrorCode =
  | "not_in_chain"
  | "role_forbidden"
  | "wrong_state"
  | "reason_missing"
  | "deadline_not_set"
  | "late"
  // Plan approval only: the estimated state support is missing or not a valid amount.
  | "support_missing"
  | "support_invalid";
export type WorkflowError = { code: WorkflowErrorCode } & Bilingual;

export type TransitionResult<S extends string> = { ok: true; next: WorkflowItem<S> } | { ok: false; error: WorkflowError };

export function fail(code: WorkflowErrorCode, vi: string, en: string): { ok: false; error: WorkflowError } {
  return { ok: false, error: { code, vi, en } };
}

export function runTransition<S extends string, A extends string>(
  table: readonly TransitionDef<S, A>[],
  labels: { states: Record<S, Bilingual>; actions: Record<A, Bilingual> },
  item: WorkflowItem<S>,
  action: A,
  ctx: TransitionContext,
): TransitionResult<S> {
  const act = labels.actions[action];
  const inChain = table.filter((t) => t.action === action && t.chains.includes(ctx.chain));
  if (inChain.length === 0) {
    return fail("not_in_chain", `Thao tác "${act.vi}" không có trong quy trình này`, `The action "${act.en}" does not exist in this chain`);
  }
  const allowed = inChain.filter((t) => t.roles.includes(ctx.role));
  if (allowed.length === 0) {
    return fail("role_forbidden", `Vai trò của bạn không được thực hiện "${act.vi}"`, `Your role may not "${act.en}"`);
  }
  const def = allowed.find((t) => t.from.includes(item.state));
  if (!def) {
    const st = labels.states[item.state];
    return fail(
      "wrong_state",
      `Không thể "${act.vi}" khi đang ở trạng thái "${st.vi}"`,
      `Cannot "${act.en}" while the state is "${st.en}"`,
    );
  }
  if (def.reasonRequired && !ctx.reason?.trim()) {
    return fail("reason_missing", `Cần ghi rõ lý do khi "${act.vi}"`, `A reason is required to "${act.en}"`);
  }
  if (def.deadline) {
    const date = ctx.deadlines[def.deadline];
    const label = DEADLINE_LABELS[def.deadline];
    // A missing deadline is a configuration gap an official must close, not permission to act at any time.
    if (date === undefined) {
      return fail("deadline_not_set", `Chưa đặt hạn ${label.vi} cho chu trình này`, `The ${label.en} deadline is not set for this cycle`);
    }
    if (isLate(date, ctx.now)) {
      return fail("late", `Đã quá hạn ${label.vi} (${formatDate(date)})`, `The ${label.en} deadline (${formatDate(date)}) has passed`);
    }
  }
  return { ok: true, next: { state: def.to, attempt: def.newAttempt ? item.attempt + 1 : item.attempt } };
}

/** The actions a role can take on an item in `state` under `chain` (deadlines not checked: pages show them as late). */
export function actionsFor<S extends string, A extends string>(
  table: readonly TransitionDef<S, A>[],
  state: S,
  chain: LevelChain,
  role: Role,
): A[] {
  const out: A[] = [];
  for (const t of table) {
    if (t.chains.includes(chain) && t.roles.includes(role) && t.from.includes(state) && !out.includes(t.action)) out.push(t.action);
  }
  return out;
}
