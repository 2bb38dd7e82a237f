import type { Bilingual } from "../lib/i18n.js";
import type { Role } from "./roles.js";
import { LEVEL_CHAINS, LEVEL_ROLE, communeSendsTo, type LevelChain } from "./level-chain.js";
import { actionsFor, runTransition, type TransitionContext, type TransitionDef, type TransitionResult, type WorkflowItem } from "./workflow.js";

/**
 * A product idea (ý tưởng sản phẩm, phiếu đăng ký Biểu 01) from registration to the provincial appraisal.
 *
 * - draft: the producer is writing the registration form; attempt 1 starts here.
 * - submitted: registered with the commune, waiting to be compiled into the commune's list.
 * - commune_forwarded: on the commune's list, sent to the district (seeds' chain) or the province (post-2025).
 * - district_selected: the district selected it and sent it to the province (seeds' chain only).
 * - approved: the province appraised it positively; the business plan workflow takes over. Final.
 * - returned: sent back by the commune or the district with a reason (not compiled / not selected).
 * - rejected: the province's appraisal failed it, with a reason.
 *
 * Returned and rejected ideas stay editable and may be resubmitted ("trượt lần 1/2/3"): each resubmission
 * starts a new attempt and goes back to the commune, because the list is compiled there in both chains.
 */
export const IDEA_STATES = ["draft", "submitted", "commune_forwarded", "district_selected", "approved", "returned", "rejected"] as const;
export type IdeaState = (typeof IDEA_STATES)[number];

export const IDEA_ACTIONS = ["submit", "commune_forward", "commune_return", "district_select", "district_return", "approve", "reject", "resubmit"] as const;
export type IdeaAction = (typeof IDEA_ACTIONS)[number];

export type Idea = WorkflowItem<IdeaState>;

export const IDEA_STATE_LABELS: Record<IdeaState, Bilingual> = {
  draft: { vi: "Đang soạn", en: "Draft" },
  submitted: { vi: "Đã đăng ký với xã", en: "Registered with the commune" },
  commune_forwarded: { vi: "Xã đã gửi danh sách", en: "On the commune's list" },
  district_selected: { vi: "Huyện đã lựa chọn", en: "Selected by the district" },
  approved: { vi: "Đã thẩm định đạt", en: "Appraised: approved" },
  returned: { vi: "Bị trả lại", en: "Returned" },
  rejected: { vi: "Thẩm định không đạt", en: "Appraised: rejected" },
};

export const IDEA_ACTION_LABELS: Record<IdeaAction, Bilingual> = {
  submit: { vi: "Gửi đăng ký", en: "Submit the registration" },
  commune_forward: { vi: "Đưa vào danh sách gửi cấp trên", en: "Forward on the commune's list" },
  commune_return: { vi: "Trả lại (cấp xã)", en: "Return (commune)" },
  district_select: { vi: "Lựa chọn và gửi tỉnh", en: "Select and send to the province" },
  district_return: { vi: "Trả lại (cấp huyện)", en: "Return (district)" },
  approve: { vi: "Thẩm định đạt", en: "Approve in appraisal" },
  reject: { vi: "Thẩm định không đạt", en: "Reject in appraisal" },
  resubmit: { vi: "Sửa và gửi lại", en: "Revise and resubmit" },
};

const ALL = LEVEL_CHAINS;
const SEEDS: readonly LevelChain[] = ["commune-district-province"];
const { producer: PRODUCER, commune: COMMUNE, district: DISTRICT, province: PROVINCE } = LEVEL_ROLE;

/**
 * The transitions. Deadlines: a registration must be in by the registration deadline, the commune's list by the
 * commune-list deadline, the district's by the district-list deadline, the appraisal by the appraisal deadline.
 * Returns carry no deadline: sending an idea back late harms no one and must never leave it stuck. Resubmission
 * carries none either: the resubmitted idea must still pass the later steps' deadlines, and a cycle official may
 * move those; otherwise the producer enters next year's cycle.
 */
export const IDEA_TRANSITIONS: readonly TransitionDef<IdeaState, IdeaAction>[] = [
  { action: "submit", from: ["draft"], to: "submitted", roles: [PRODUCER], chains: ALL, reasonRequired: false, deadline: "registration", newAttempt: false },
  { action: "commune_forward", from: ["submitted"], to: "commune_forwarded", roles: [COMMUNE], chains: ALL, reasonRequired: false, deadline: "communeList", newAttempt: false },
  { action: "commune_return", from: ["submitted"], to: "returned", roles: [COMMUNE], chains: ALL, reasonRequired: true, deadline: null, newAttempt: false },
  { action: "district_select", from: ["commune_forwarded"], to: "district_selected", roles: [DISTRICT], chains: SEEDS, reasonRequired: false, deadline: "districtList", newAttempt: false },
  { action: "district_return", from: ["commune_forwarded"], to: "returned", roles: [DISTRICT], chains: SEEDS, reasonRequired: true, deadline: null, newAttempt: false },
  ...ALL.map(
    (chain): TransitionDef<IdeaState, IdeaAction> => ({
      action: "approve",
      from: [communeSendsTo(chain) === "district" ? "district_selected" : "commune_forwarded"],
      to: "approved",
      roles: [PROVINCE],
      chains: [chain],
      reasonRequired: false,
      deadline: "appraisal",
      newAttempt: false,
    }),
  ),
  ...ALL.map(
    (chain): TransitionDef<IdeaState, IdeaAction> => ({
      action: "reject",
      from: [communeSendsTo(chain) === "district" ? "district_selected" : "commune_forwarded"],
      to: "rejected",
      roles: [PROVINCE],
      chains: [chain],
      reasonRequired: true,
      deadline: "appraisal",
      newAttempt: false,
    }),
  ),
  { action: "resubmit", from: ["returned", "rejected"], to: "submitted", roles: [PRODUCER], chains: ALL, reasonRequired: false, deadline: null, newAttempt: true },
];

export const NEW_IDEA: Idea = { state: "draft", attempt: 1 };

export function transition(idea: Idea, action: IdeaAction, ctx: TransitionContext): TransitionResult<IdeaState> {
  return runTransition(IDEA_TRANSITIONS, { states: IDEA_STATE_LABELS, actions: IDEA_ACTION_LABELS }, idea, action, ctx);
}

export function availableActions(state: IdeaState, chain: LevelChain, role: Role): IdeaAction[] {
  return actionsFor(IDEA_TRANSITIONS, state, chain, role);
}

/** The producer may edit the form only while nobody else is deciding on it. */
export function isIdeaEditable(state: IdeaState): boolean {
  return state === "draft" || state === "returned" || state === "rejected";
}
