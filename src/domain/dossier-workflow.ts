import type { Bilingual } from "../lib/i18n.js";
import { LEVEL_CHAINS, LEVEL_ROLE } from "./level-chain.js";
import { actionsFor, runTransition, type TransitionContext, type TransitionDef, type TransitionResult, type WorkflowItem } from "./workflow.js";

/**
 * A product dossier (hồ sơ sản phẩm: Mẫu 01 registration + Mẫu 02 self-assessment) from filing to the council.
 *
 * - draft: the producer writes the forms, self-scores and attaches evidence.
 * - submitted: filed with the commune, which checks it and writes its report (Mẫu 03).
 * - returned: sent back by the commune with a reason; editable; resubmitting starts a new attempt.
 * - proposed: the commune proposed it; it waits for a round at the first level that scores (awaiting_level).
 * - in_round: assigned to a council round.
 * - forwarded: a round scored it high enough for the next level; it waits for a round there.
 * - decided: the last round's result is final and nothing goes further. Final, with one exception: a central
 *   result below 90 returned to the province may be sent back to wait for a province round instead of being
 *   recognised (Art. 7.4g; evaluation/services/results.ts `evaluateAgainAtProvince`).
 *
 * Only the producer's and the commune's steps are role transitions; in_round, forwarded and decided are
 * written by the round service when an office assigns the dossier or a chair finalises a result.
 */
export const DOSSIER_STATES = ["draft", "submitted", "returned", "proposed", "in_round", "forwarded", "decided"] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

export const DOSSIER_ACTIONS = ["submit", "propose", "return", "resubmit"] as const;
export type DossierAction = (typeof DOSSIER_ACTIONS)[number];

export const DOSSIER_STATE_LABELS: Record<DossierState, Bilingual> = {
  draft: { vi: "Đang soạn", en: "Draft" },
  submitted: { vi: "Đã nộp cho xã", en: "Filed with the commune" },
  returned: { vi: "Bị xã trả lại", en: "Returned by the commune" },
  proposed: { vi: "Xã đã đề xuất", en: "Proposed by the commune" },
  in_round: { vi: "Đang đánh giá", en: "Being evaluated" },
  forwarded: { vi: "Chuyển cấp trên đánh giá", en: "Forwarded to the next level" },
  decided: { vi: "Đã có kết quả", en: "Result final" },
};

export const DOSSIER_ACTION_LABELS: Record<DossierAction, Bilingual> = {
  submit: { vi: "Nộp hồ sơ", en: "File the dossier" },
  propose: { vi: "Đề xuất đánh giá", en: "Propose for evaluation" },
  return: { vi: "Trả lại hồ sơ", en: "Return the dossier" },
  resubmit: { vi: "Sửa và nộp lại", en: "Revise and refile" },
};

// The commune checks and proposes in both chains (QĐ 26/2026 Art. 6; before the reform the commune compiled too).
export const DOSSIER_TRANSITIONS: readonly TransitionDef<DossierState, DossierAction>[] = [
  { action: "submit", from: ["draft"], to: "submitted", roles: [LEVEL_ROLE.producer], chains: LEVEL_CHAINS, reasonRequired: false, deadline: null, newAttempt: false },
  { action: "resubmit", from: ["returned"], to: "submitted", roles: [LEVEL_ROLE.producer], chains: LEVEL_CHAINS, reasonRequired: false, deadline: null, newAttempt: true },
  { action: "propose", from: ["submitted"], to: "proposed", roles: [LEVEL_ROLE.commune], chains: LEVEL_CHAINS, reasonRequired: false, deadline: null, newAttempt: false },
  { action: "return", from: ["submitted"], to: "returned", roles: [LEVEL_ROLE.commune], chains: LEVEL_CHAINS, reasonRequired: true, deadline: null, newAttempt: false },
];

const LABELS = { states: DOSSIER_STATE_LABELS, actions: DOSSIER_ACTION_LABELS };

export function dossierTransition(item: WorkflowItem<DossierState>, action: DossierAction, ctx: TransitionContext): TransitionResult<DossierState> {
  return runTransition(DOSSIER_TRANSITIONS, LABELS, item, action, ctx);
}

export function dossierActions(state: DossierState, ctx: Pick<TransitionContext, "chain" | "role">): DossierAction[] {
  return actionsFor(DOSSIER_TRANSITIONS, state, ctx.chain, ctx.role);
}

export const isDossierEditable = (s: DossierState) => s === "draft" || s === "returned";
