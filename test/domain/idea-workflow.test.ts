import { describe, expect, it } from "vitest";
import type { CycleDeadlines } from "../../src/domain/cycle-deadlines.js";
import {
  IDEA_STATES,
  NEW_IDEA,
  availableActions,
  transition,
  type Idea,
  type IdeaAction,
  type IdeaState,
} from "../../src/domain/idea-workflow.js";
import type { LevelChain } from "../../src/domain/level-chain.js";
import { ROLES, type Role } from "../../src/domain/roles.js";

const SEEDS: LevelChain = "commune-district-province";
const REFORM: LevelChain = "commune-province";
const DL: CycleDeadlines = {
  registration: "2020-02-15",
  communeList: "2020-03-10",
  districtList: "2020-03-31",
  appraisal: "2020-04-30",
  planSubmission: "2020-06-30",
};
/** Noon in Vietnam on 01/02/2020: before every deadline. */
const EARLY = new Date("2020-02-01T05:00:00Z");

type Row = [IdeaState, IdeaAction, LevelChain, Role, string | undefined, IdeaState | string];
const s = (state: IdeaState, attempt = 1): Idea => ({ state, attempt });

describe("idea transitions (early in the cycle)", () => {
  // [from, action, chain, role, reason, expected next state | error code]
  const rows: Row[] = [
    ["draft", "submit", SEEDS, "producer_member", undefined, "submitted"],
    ["draft", "submit", REFORM, "producer_member", undefined, "submitted"],
    ["draft", "submit", SEEDS, "commune_officer", undefined, "role_forbidden"],
    ["submitted", "submit", SEEDS, "producer_member", undefined, "wrong_state"],
    ["submitted", "commune_forward", SEEDS, "commune_officer", undefined, "commune_forwarded"],
    ["submitted", "commune_forward", REFORM, "commune_officer", undefined, "commune_forwarded"],
    ["submitted", "commune_forward", SEEDS, "district_office", undefined, "role_forbidden"],
    ["draft", "commune_forward", SEEDS, "commune_officer", undefined, "wrong_state"],
    ["submitted", "commune_return", SEEDS, "commune_officer", "Thiếu mô tả sản phẩm", "returned"],
    ["submitted", "commune_return", SEEDS, "commune_officer", undefined, "reason_missing"],
    ["submitted", "commune_return", REFORM, "commune_officer", "   ", "reason_missing"],
    ["commune_forwarded", "district_select", SEEDS, "district_office", undefined, "district_selected"],
    ["commune_forwarded", "district_select", REFORM, "district_office", undefined, "not_in_chain"],
    ["commune_forwarded", "district_select", SEEDS, "province_office", undefined, "role_forbidden"],
    ["submitted", "district_select", SEEDS, "district_office", undefined, "wrong_state"],
    ["commune_forwarded", "district_return", SEEDS, "district_office", "Chưa có vùng nguyên liệu", "returned"],
    ["commune_forwarded", "district_return", SEEDS, "district_office", "", "reason_missing"],
    ["commune_forwarded", "district_return", REFORM, "district_office", "x", "not_in_chain"],
    // The province appraises what the district selected (seeds) or what the commune forwarded (reform).
    ["district_selected", "approve", SEEDS, "province_office", undefined, "approved"],
    ["commune_forwarded", "approve", SEEDS, "province_office", undefined, "wrong_state"],
    ["commune_forwarded", "approve", REFORM, "province_office", undefined, "approved"],
    ["district_selected", "approve", REFORM, "province_office", undefined, "wrong_state"],
    ["district_selected", "approve", SEEDS, "district_office", undefined, "role_forbidden"],
    ["district_selected", "approve", SEEDS, "system_admin", undefined, "role_forbidden"],
    ["district_selected", "reject", SEEDS, "province_office", "Trùng sản phẩm đã có", "rejected"],
    ["commune_forwarded", "reject", REFORM, "province_office", "Trùng sản phẩm đã có", "rejected"],
    ["commune_forwarded", "reject", REFORM, "province_office", undefined, "reason_missing"],
    ["approved", "reject", REFORM, "province_office", "late change of mind", "wrong_state"],
    ["approved", "approve", SEEDS, "province_office", undefined, "wrong_state"],
    ["returned", "resubmit", SEEDS, "producer_member", undefined, "submitted"],
    ["rejected", "resubmit", REFORM, "producer_member", undefined, "submitted"],
    ["approved", "resubmit", SEEDS, "producer_member", undefined, "wrong_state"],
    ["draft", "resubmit", SEEDS, "producer_member", undefined, "wrong_state"],
    ["returned", "resubmit", SEEDS, "commune_officer", undefined, "role_forbidden"],
  ];
  it.each(rows)("%s --%s [%s, %s, reason %j]--> %s", (from, action, chain, role, reason, expected) => {
    const r = transition(s(from), action, { chain, role, now: EARLY, deadlines: DL, reason });
    if ((IDEA_STATES as readonly string[]).includes(expected)) {
      expect(r).toEqual({ ok: true, next: { state: expected, attempt: from === "returned" || from === "rejected" ? 2 : 1 } });
    } else {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(expected);
        expect(r.error.vi).not.toBe("");
        expect(r.error.en).not.toBe("");
      }
    }
  });
});

describe("idea deadlines: the last minute of the deadline day vs the first minute after, Vietnam time", () => {
  // [from, action, chain, role, reason, now (UTC), expected]
  const rows: [IdeaState, IdeaAction, LevelChain, Role, string | undefined, string, string][] = [
    ["draft", "submit", SEEDS, "producer_member", undefined, "2020-02-15T16:59:00Z", "submitted"],
    ["draft", "submit", SEEDS, "producer_member", undefined, "2020-02-15T17:00:00Z", "late"],
    ["submitted", "commune_forward", REFORM, "commune_officer", undefined, "2020-03-10T16:59:00Z", "commune_forwarded"],
    ["submitted", "commune_forward", REFORM, "commune_officer", undefined, "2020-03-10T17:00:00Z", "late"],
    ["commune_forwarded", "district_select", SEEDS, "district_office", undefined, "2020-03-31T16:59:00Z", "district_selected"],
    ["commune_forwarded", "district_select", SEEDS, "district_office", undefined, "2020-03-31T17:00:00Z", "late"],
    ["district_selected", "approve", SEEDS, "province_office", undefined, "2020-04-30T16:59:00Z", "approved"],
    ["district_selected", "approve", SEEDS, "province_office", undefined, "2020-04-30T17:00:00Z", "late"],
    ["commune_forwarded", "reject", REFORM, "province_office", "r", "2020-04-30T17:00:00Z", "late"],
    // Returns and resubmissions have no deadline of their own.
    ["submitted", "commune_return", SEEDS, "commune_officer", "r", "2020-12-31T00:00:00Z", "returned"],
    ["commune_forwarded", "district_return", SEEDS, "district_office", "r", "2020-12-31T00:00:00Z", "returned"],
    ["rejected", "resubmit", SEEDS, "producer_member", undefined, "2020-12-31T00:00:00Z", "submitted"],
  ];
  it.each(rows)("%s --%s [%s] at %s --> %s", (from, action, chain, role, reason, now, expected) => {
    const r = transition(s(from), action, { chain, role, now: new Date(now), deadlines: DL, reason });
    if (expected === "late") {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("late");
    } else {
      expect(r.ok && r.next.state).toBe(expected);
    }
  });

  it("names the deadline date in both languages", () => {
    const r = transition(s("commune_forwarded"), "district_select", {
      chain: SEEDS,
      role: "district_office",
      now: new Date("2020-04-01T02:00:00Z"),
      deadlines: DL,
    });
    expect(r).toEqual({
      ok: false,
      error: {
        code: "late",
        vi: "Đã quá hạn cấp huyện gửi danh sách lên tỉnh (31/03/2020)",
        en: "The district list to the province deadline (31/03/2020) has passed",
      },
    });
  });

  it("refuses a district selection when the cycle has no district-list deadline", () => {
    const { districtList: _omit, ...noDistrict } = DL;
    const r = transition(s("commune_forwarded"), "district_select", { chain: SEEDS, role: "district_office", now: EARLY, deadlines: noDistrict });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("deadline_not_set");
    // The reform chain never needs it.
    const r2 = transition(s("commune_forwarded"), "approve", { chain: REFORM, role: "province_office", now: EARLY, deadlines: noDistrict });
    expect(r2).toEqual({ ok: true, next: { state: "approved", attempt: 1 } });
  });
});

describe("attempts", () => {
  it("each resubmission after a return or rejection starts a new attempt (seeds' chain)", () => {
    const steps: [IdeaAction, Role, string | undefined, Idea][] = [
      ["submit", "producer_member", undefined, { state: "submitted", attempt: 1 }],
      ["commune_return", "commune_officer", "Thiếu thông tin", { state: "returned", attempt: 1 }],
      ["resubmit", "producer_member", undefined, { state: "submitted", attempt: 2 }],
      ["commune_forward", "commune_officer", undefined, { state: "commune_forwarded", attempt: 2 }],
      ["district_select", "district_office", undefined, { state: "district_selected", attempt: 2 }],
      ["reject", "province_office", "Chưa rõ thị trường", { state: "rejected", attempt: 2 }],
      ["resubmit", "producer_member", undefined, { state: "submitted", attempt: 3 }],
      ["commune_forward", "commune_officer", undefined, { state: "commune_forwarded", attempt: 3 }],
      ["district_select", "district_office", undefined, { state: "district_selected", attempt: 3 }],
      ["approve", "province_office", undefined, { state: "approved", attempt: 3 }],
    ];
    let idea = NEW_IDEA;
    for (const [action, role, reason, expected] of steps) {
      const r = transition(idea, action, { chain: SEEDS, role, now: EARLY, deadlines: DL, reason });
      expect(r).toEqual({ ok: true, next: expected });
      if (r.ok) idea = r.next;
    }
  });
});

describe("availableActions", () => {
  // Every (chain, state, role) with a non-empty answer; everything else must be empty.
  const expected: Record<string, IdeaAction[]> = {
    [`${SEEDS}|draft|producer_member`]: ["submit"],
    [`${SEEDS}|submitted|commune_officer`]: ["commune_forward", "commune_return"],
    [`${SEEDS}|commune_forwarded|district_office`]: ["district_select", "district_return"],
    [`${SEEDS}|district_selected|province_office`]: ["approve", "reject"],
    [`${SEEDS}|returned|producer_member`]: ["resubmit"],
    [`${SEEDS}|rejected|producer_member`]: ["resubmit"],
    [`${REFORM}|draft|producer_member`]: ["submit"],
    [`${REFORM}|submitted|commune_officer`]: ["commune_forward", "commune_return"],
    [`${REFORM}|commune_forwarded|province_office`]: ["approve", "reject"],
    [`${REFORM}|returned|producer_member`]: ["resubmit"],
    [`${REFORM}|rejected|producer_member`]: ["resubmit"],
  };
  const all: [LevelChain, IdeaState, Role][] = [];
  for (const chain of [SEEDS, REFORM]) for (const state of IDEA_STATES) for (const role of ROLES) all.push([chain, state, role]);
  it.each(all)("%s / %s / %s", (chain, state, role) => {
    expect(availableActions(state, chain, role)).toEqual(expected[`${chain}|${state}|${role}`] ?? []);
  });
});
