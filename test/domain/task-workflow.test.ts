import { describe, expect, it } from "vitest";
import { TASK_STATES, daysOverdue, doneLate, isOverdue, officeStep, reportStep, type TaskState } from "../../src/domain/task-workflow.js";

/* The rules of tasks (issue 17): the deadline day ends at midnight Vietnam time (UTC+7), only open tasks move. */

describe("isOverdue", () => {
  // Deadline 31 March: the day runs in Vietnam from 30 March 17:00 UTC to 31 March 16:59:59.999 UTC.
  it.each([
    ["2026-03-30T16:59:59Z", false],
    ["2026-03-31T00:00:00Z", false],
    ["2026-03-31T16:59:59.999Z", false],
    ["2026-03-31T17:00:00Z", true],
    ["2026-04-02T01:00:00Z", true],
  ])("a task due 2026-03-31 at %s is overdue=%s", (at, overdue) => {
    expect(isOverdue({ state: "assigned", deadline: "2026-03-31" }, new Date(at))).toBe(overdue);
    expect(isOverdue({ state: "in_progress", deadline: "2026-03-31" }, new Date(at))).toBe(overdue);
  });

  it("never holds a done or cancelled task overdue", () => {
    const late = new Date("2027-01-01T00:00:00Z");
    expect(isOverdue({ state: "done", deadline: "2026-03-31" }, late)).toBe(false);
    expect(isOverdue({ state: "cancelled", deadline: "2026-03-31" }, late)).toBe(false);
  });

  it("counts whole Vietnam days past the deadline, across a month's end", () => {
    expect(daysOverdue("2026-03-31", new Date("2026-03-31T16:59:59Z"))).toBe(0);
    expect(daysOverdue("2026-03-31", new Date("2026-03-31T17:00:00Z"))).toBe(1);
    expect(daysOverdue("2026-02-27", new Date("2026-03-02T05:00:00Z"))).toBe(3);
    expect(daysOverdue("2026-12-31", new Date("2027-01-10T17:00:00Z"))).toBe(11);
  });

  it("says a completion after the deadline day was late, by the Vietnam date of the report", () => {
    expect(doneLate("2026-03-31", new Date("2026-03-31T16:59:59Z"))).toBe(false);
    expect(doneLate("2026-03-31", new Date("2026-03-31T17:00:00Z"))).toBe(true);
    expect(doneLate("2026-03-31", null)).toBe(false);
  });
});

describe("steps", () => {
  it("moves an open task to in progress on a progress report and to done on a completion report", () => {
    expect(reportStep("assigned", "progress")).toEqual({ ok: true, to: "in_progress" });
    expect(reportStep("in_progress", "progress")).toEqual({ ok: true, to: "in_progress" });
    expect(reportStep("assigned", "done")).toEqual({ ok: true, to: "done" });
    expect(reportStep("in_progress", "done")).toEqual({ ok: true, to: "done" });
  });

  it("refuses every step on a closed task, and lets the office cancel or edit an open one", () => {
    for (const s of TASK_STATES) {
      const open = s === "assigned" || s === "in_progress";
      for (const k of ["progress", "done"] as const) expect(reportStep(s as TaskState, k).ok, `${s} ${k}`).toBe(open);
      expect(officeStep(s, "cancel").ok).toBe(open);
      expect(officeStep(s, "edit")).toEqual(open ? { ok: true, to: s } : expect.objectContaining({ ok: false, code: "task-closed" }));
    }
    expect(officeStep("assigned", "cancel")).toEqual({ ok: true, to: "cancelled" });
  });
});
