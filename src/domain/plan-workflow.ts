import type { Bilingual } from "../lib/i18n.js";
import type { Role } from "./roles.js";
import { LEVEL_CHAINS, LEVEL_ROLE, planApprover, type LevelChain } from "./level-chain.js";
import { checkVnd, type Vnd } from "./budget.js";
import { actionsFor, fail, runTransition, type TransitionContext, type TransitionDef, type TransitionResult, type WorkflowItem } from "./workflow.js";

/**
 * A business plan (phương án sản xuất kinh doanh) for an approved idea.
 *
 * - draft: the producer is writing it; attempt 1 starts here.
 * - submitted: waiting for the approving level (the district in the seeds' chain, the province after 2025).
 * - revision_requested: sent back with a reason; the producer revises and resubmits (a new attempt).
 * - approved: approved with the state support the approving level estimates; it becomes a product
 *   (product-code.ts). Final.
 */
export const PLAN_STATES = ["draft", "submitted", "revision_requested", "approved"] as const;
export type PlanState = (typeof PLAN_STATES)[number];

export const PLAN_ACTIONS = ["submit", "approve", "request_revision", "resubmit"] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

export type Plan = WorkflowItem<PlanState>;

export const PLAN_STATE_LABELS: Record<PlanState, Bilingual> = {
  draft: { vi: "Đang soạn", en: "Draft" },
  submitted: { vi: "Đã nộp, chờ phê duyệt", en: "Submitted, awaiting approval" },
  revision_requested: { vi: "Yêu cầu chỉnh sửa", en: "Revision requested" },
  approved: { vi: "Đã phê duyệt", en: "Approved" },
};

export const PLAN_ACTION_LABELS: Record<PlanAction, Bilingual> = {
  submit: { vi: "Nộp phương án", en: "Submit the plan" },
  approve: { vi: "Phê duyệt phương án", en: "Approve the plan" },
  request_revision: { vi: "Yêu cầu chỉnh sửa", en: "Request revision" },
  resubmit: { vi: "Nộp lại phương án", en: "Resubmit the plan" },
};

const PRODUCER = LEVEL_ROLE.producer;

/**
 * The approving level comes from the chain, one row per chain. Only the first submission is held to the
 * plan-submission deadline; a revision asked for by the approver must not be made impossible by the calendar.
 */
export const PLAN_TRANSITIONS: readonly TransitionDef<PlanState, PlanAction>[] = [
  { action: "submit", from: ["draft"], to: "submitted", roles: [PRODUCER], chains: LEVEL_CHAINS, reasonRequired: false, deadline: "planSubmission", newAttempt: false },
  ...LEVEL_CHAINS.flatMap((chain): TransitionDef<PlanState, PlanAction>[] => {
    const approver = LEVEL_ROLE[planApprover(chain)];
    return [
      { action: "approve", from: ["submitted"], to: "approved", roles: [approver], chains: [chain], reasonRequired: false, deadline: null, newAttempt: false },
      { action: "request_revision", from: ["submitted"], to: "revision_requested", roles: [approver], chains: [chain], reasonRequired: true, deadline: null, newAttempt: false },
    ];
  }),
  { action: "resubmit", from: ["revision_requested"], to: "submitted", roles: [PRODUCER], chains: LEVEL_CHAINS, reasonRequired: false, deadline: null, newAttempt: true },
];

export const NEW_PLAN: Plan = { state: "draft", attempt: 1 };

export type PlanTransitionContext = TransitionContext & {
  /** Dự toán ngân sách hỗ trợ: required to approve, whole đồng. */
  estimatedStateSupport?: Vnd | number | undefined;
};

export type PlanTransitionResult =
  | { ok: true; next: Plan; estimatedStateSupport?: Vnd }
  | Extract<TransitionResult<PlanState>, { ok: false }>;

export function transition(plan: Plan, action: PlanAction, ctx: PlanTransitionContext): PlanTransitionResult {
  const r = runTransition(PLAN_TRANSITIONS, { states: PLAN_STATE_LABELS, actions: PLAN_ACTION_LABELS }, plan, action, ctx);
  if (!r.ok || action !== "approve") return r;
  // An approval is the decision on the state's money; without the estimate it decides nothing.
  if (ctx.estimatedStateSupport === undefined) {
    return fail("support_missing", "Cần ghi dự toán ngân sách nhà nước hỗ trợ khi phê duyệt", "Approving requires the estimated state support");
  }
  const s = checkVnd(ctx.estimatedStateSupport, "estimatedStateSupport", { vi: "Dự toán ngân sách hỗ trợ", en: "Estimated state support" });
  if (!s.ok) {
    const e = s.errors[0]!;
    return fail("support_invalid", e.vi, e.en);
  }
  return { ...r, estimatedStateSupport: s.value };
}

export function availableActions(state: PlanState, chain: LevelChain, role: Role): PlanAction[] {
  return actionsFor(PLAN_TRANSITIONS, state, chain, role);
}

export function isPlanEditable(state: PlanState): boolean {
  return state === "draft" || state === "revision_requested";
}
