import { describe, expect, it } from "vitest";
import type { CycleDeadlines } from "../../src/domain/cycle-deadlines.js";
import type { LevelChain } from "../../src/domain/level-chain.js";
import { NEW_PLAN, PLAN_STATES, availableActions, transition, type PlanAction, type PlanState } from "../../src/domain/plan-workflow.js";
import { ROLES, type Role } from "../../src/domain/roles.js";

const SEEDS: LevelChain = "commune-district-province";
const REFORM: LevelChain = "commune-province";
const DL: CycleDeadlines = { registration: "2020-02-15", communeList: "2020-03-10", appraisal: "2020-04-30", planSubmission: "2020-06-30" };
const EARLY = new Date("2020-05-01T05:00:00Z");
const SUPPORT = 250_000_000n;

describe("plan transitions", () => {
  // [from, action, chain, role, reason, estimated support, now (UTC), expected state | error code]
  const rows: [PlanState, PlanAction, LevelChain, Role, string | undefined, bigint | number | undefined, Date, string][] = [
    ["draft", "submit", SEEDS, "producer_member", undefined, undefined, EARLY, "submitted"],
    ["draft", "submit", REFORM, "producer_member", undefined, undefined, new Date("2020-06-30T16:59:00Z"), "submitted"],
    ["draft", "submit", REFORM, "producer_member", undefined, undefined, new Date("2020-06-30T17:00:00Z"), "late"],
    ["draft", "submit", SEEDS, "district_office", undefined, undefined, EARLY, "role_forbidden"],
    ["submitted", "submit", SEEDS, "producer_member", undefined, undefined, EARLY, "wrong_state"],
    // The approving level follows the chain.
    ["submitted", "approve", SEEDS, "district_office", undefined, SUPPORT, EARLY, "approved"],
    ["submitted", "approve", SEEDS, "province_office", undefined, SUPPORT, EARLY, "role_forbidden"],
    ["submitted", "approve", REFORM, "province_office", undefined, SUPPORT, EARLY, "approved"],
    ["submitted", "approve", REFORM, "district_office", undefined, SUPPORT, EARLY, "role_forbidden"],
    ["submitted", "approve", REFORM, "commune_officer", undefined, SUPPORT, EARLY, "role_forbidden"],
    ["submitted", "approve", SEEDS, "district_office", undefined, 0, EARLY, "approved"],
    ["submitted", "approve", SEEDS, "district_office", undefined, undefined, EARLY, "support_missing"],
    ["submitted", "approve", SEEDS, "district_office", undefined, -1n, EARLY, "support_invalid"],
    ["submitted", "approve", SEEDS, "district_office", undefined, 1.5, EARLY, "support_invalid"],
    ["submitted", "approve", SEEDS, "district_office", undefined, 10n ** 15n + 1n, EARLY, "support_invalid"],
    ["draft", "approve", SEEDS, "district_office", undefined, SUPPORT, EARLY, "wrong_state"],
    ["approved", "approve", REFORM, "province_office", undefined, SUPPORT, EARLY, "wrong_state"],
    ["submitted", "request_revision", SEEDS, "district_office", "Chưa tính chi phí bao bì", undefined, EARLY, "revision_requested"],
    ["submitted", "request_revision", REFORM, "province_office", "Chưa tính chi phí bao bì", undefined, EARLY, "revision_requested"],
    ["submitted", "request_revision", REFORM, "province_office", " ", undefined, EARLY, "reason_missing"],
    ["submitted", "request_revision", SEEDS, "province_office", "x", undefined, EARLY, "role_forbidden"],
    // A revision asked for after the deadline can still be made.
    ["revision_requested", "resubmit", SEEDS, "producer_member", undefined, undefined, new Date("2020-09-01T00:00:00Z"), "submitted"],
    ["revision_requested", "submit", SEEDS, "producer_member", undefined, undefined, EARLY, "wrong_state"],
    ["approved", "request_revision", SEEDS, "district_office", "x", undefined, EARLY, "wrong_state"],
  ];
  it.each(rows)("%s --%s [%s, %s, reason %j, support %s, %s]--> %s", (from, action, chain, role, reason, support, now, expected) => {
    const r = transition({ state: from, attempt: 1 }, action, { chain, role, now, deadlines: DL, reason, estimatedStateSupport: support });
    if ((PLAN_STATES as readonly string[]).includes(expected)) {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.next).toEqual({ state: expected, attempt: from === "revision_requested" ? 2 : 1 });
    } else {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe(expected);
    }
  });

  it("returns the validated support estimate with an approval, as bigint", () => {
    const r = transition({ state: "submitted", attempt: 2 }, "approve", {
      chain: REFORM,
      role: "province_office",
      now: EARLY,
      deadlines: DL,
      estimatedStateSupport: 113_386,
    });
    expect(r).toEqual({ ok: true, next: { state: "approved", attempt: 2 }, estimatedStateSupport: 113_386n });
  });

  it("walks draft → submitted → revision → resubmitted (attempt 2) → approved", () => {
    const steps: [PlanAction, Role, string | undefined][] = [
      ["submit", "producer_member", undefined],
      ["request_revision", "district_office", "Doanh thu năm 3 chưa có cơ sở"],
      ["resubmit", "producer_member", undefined],
      ["approve", "district_office", undefined],
    ];
    let plan = NEW_PLAN;
    const seen: string[] = [];
    for (const [action, role, reason] of steps) {
      const r = transition(plan, action, { chain: SEEDS, role, now: EARLY, deadlines: DL, reason, estimatedStateSupport: SUPPORT });
      expect(r.ok).toBe(true);
      if (r.ok) plan = r.next;
      seen.push(`${plan.state}#${plan.attempt}`);
    }
    expect(seen).toEqual(["submitted#1", "revision_requested#1", "submitted#2", "approved#2"]);
  });
});

describe("plan availableActions", () => {
  const expected: Record<string, PlanAction[]> = {
    [`${SEEDS}|draft|producer_member`]: ["submit"],
    [`${SEEDS}|submitted|district_office`]: ["approve", "request_revision"],
    [`${SEEDS}|revision_requested|producer_member`]: ["resubmit"],
    [`${REFORM}|draft|producer_member`]: ["submit"],
    [`${REFORM}|submitted|province_office`]: ["approve", "request_revision"],
    [`${REFORM}|revision_requested|producer_member`]: ["resubmit"],
  };
  const all: [LevelChain, PlanState, Role][] = [];
  for (const chain of [SEEDS, REFORM]) for (const state of PLAN_STATES) for (const role of ROLES) all.push([chain, state, role]);
  it.each(all)("%s / %s / %s", (chain, state, role) => {
    expect(availableActions(state, chain, role)).toEqual(expected[`${chain}|${state}|${role}`] ?? []);
  });
});
