import { describe, expect, it } from "vitest";
import { IDEA_STEPS, communeSendsTo, planApprover, whoActsNextOnIdea, type Level, type LevelChain } from "../../src/domain/level-chain.js";

const SEEDS: LevelChain = "commune-district-province";
const REFORM: LevelChain = "commune-province";

describe("whoActsNextOnIdea", () => {
  const rows: [string, LevelChain, Level | null][] = [
    ["draft", SEEDS, "producer"],
    ["submitted", SEEDS, "commune"],
    ["commune_forwarded", SEEDS, "district"],
    ["district_selected", SEEDS, "province"],
    ["approved", SEEDS, null],
    ["returned", SEEDS, "producer"],
    ["rejected", SEEDS, "producer"],
    ["draft", REFORM, "producer"],
    ["submitted", REFORM, "commune"],
    ["commune_forwarded", REFORM, "province"],
    ["district_selected", REFORM, null],
    ["approved", REFORM, null],
    ["returned", REFORM, "producer"],
    ["rejected", REFORM, "producer"],
    ["no_such_state", REFORM, null],
  ];
  it.each(rows)("%s under %s → %s", (state, chain, level) => {
    expect(whoActsNextOnIdea(state, chain)).toBe(level);
  });
});

describe("chain configuration", () => {
  it("orders the levels of each chain", () => {
    expect(IDEA_STEPS[SEEDS].map((s) => s.level)).toEqual(["producer", "commune", "district", "province"]);
    expect(IDEA_STEPS[REFORM].map((s) => s.level)).toEqual(["producer", "commune", "province"]);
  });
  it.each([
    [SEEDS, "district", "district"],
    [REFORM, "province", "province"],
  ] as const)("%s: commune sends to %s, plans approved by %s", (chain, sendsTo, approver) => {
    expect(communeSendsTo(chain)).toBe(sendsTo);
    expect(planApprover(chain)).toBe(approver);
  });
});
