import type { Role } from "./roles.js";

/**
 * Which levels of government an idea passes through is configuration, per province and per cycle: the seeds'
 * chain (before 1 July 2025) runs commune → district → province; after the two-tier reform the district is
 * gone and the commune proposes straight to the province (QĐ 1489/QĐ-TTg, QĐ 26/2026).
 */
export const LEVEL_CHAINS = ["commune-district-province", "commune-province"] as const;
export type LevelChain = (typeof LEVEL_CHAINS)[number];

export type Level = "producer" | "commune" | "district" | "province";

/**
 * The one role that acts for each level. Unit scope (a commune officer acts only for ideas in their commune)
 * is checked by the caller through src/auth/policy.ts; these modules answer only "which kind of official".
 * system_admin is deliberately absent: administrators run the system, they do not take decisions in the cycle.
 */
export const LEVEL_ROLE: Record<Level, Role> = {
  producer: "producer_member",
  commune: "commune_officer",
  district: "district_office",
  province: "province_office",
};

/** The idea states in which an idea waits for someone (defined in idea-workflow.ts, named here to avoid a cycle). */
export type IdeaWaitingState = "draft" | "submitted" | "commune_forwarded" | "district_selected";

export type IdeaStep = {
  level: Level;
  /** The state the idea sits in while it waits for this level. */
  waitsIn: IdeaWaitingState;
  vi: string;
  en: string;
};

const REGISTER: IdeaStep = { level: "producer", waitsIn: "draft", vi: "Đăng ký ý tưởng sản phẩm", en: "Register the product idea" };
const COMPILE: IdeaStep = { level: "commune", waitsIn: "submitted", vi: "Cấp xã tổng hợp danh sách", en: "Commune compiles the list" };

/** The ordered steps each chain runs for an idea, from registration to the provincial appraisal. */
export const IDEA_STEPS: Record<LevelChain, readonly IdeaStep[]> = {
  "commune-district-province": [
    REGISTER,
    COMPILE,
    { level: "district", waitsIn: "commune_forwarded", vi: "Cấp huyện lựa chọn ý tưởng", en: "District selects ideas" },
    { level: "province", waitsIn: "district_selected", vi: "Cấp tỉnh thẩm định ý tưởng", en: "Province appraises the idea" },
  ],
  "commune-province": [
    REGISTER,
    COMPILE,
    { level: "province", waitsIn: "commune_forwarded", vi: "Cấp tỉnh thẩm định ý tưởng", en: "Province appraises the idea" },
  ],
};

export function chainHasDistrict(chain: LevelChain): boolean {
  return IDEA_STEPS[chain].some((s) => s.level === "district");
}

/** The level a commune's list goes to: the district in the seeds' chain, the province after the reform. */
export function communeSendsTo(chain: LevelChain): Level {
  return chainHasDistrict(chain) ? "district" : "province";
}

/** Who approves business plans (with the estimated state support): the district, or the province without one. */
export function planApprover(chain: LevelChain): Level {
  return chainHasDistrict(chain) ? "district" : "province";
}

/**
 * Who acts next for an idea in `state` under `chain`; null when nobody does (approved: the business plan
 * workflow takes over; or a state the chain never reaches, such as district_selected without a district).
 * Returned and rejected ideas wait for the producer to revise and resubmit.
 */
export function whoActsNextOnIdea(state: string, chain: LevelChain): Level | null {
  if (state === "returned" || state === "rejected") return "producer";
  return IDEA_STEPS[chain].find((s) => s.waitsIn === state)?.level ?? null;
}
