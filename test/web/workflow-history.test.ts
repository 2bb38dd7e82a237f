import { describe, expect, it } from "vitest";
import { WorkflowHistory } from "../../src/web/workflow-history.js";
import { ROLES } from "../../src/domain/roles.js";

describe("a workflow's history", () => {
  it.each(ROLES)("names the actor's role %s without doubled parentheses (issue 16)", (role) => {
    const html = String(WorkflowHistory({ events: [{ attempt: 1, kind: "submit", at: "2026-06-01T03:00:00Z", actorName: "Lê Văn Ba", actorRole: role, reason: null }], locale: "vi", label: () => ({ vi: "Gửi", en: "Submitted" }) }));
    expect(html).toMatch(/Lê Văn Ba<span class="sub"> · \S/);
    expect(html).not.toMatch(/\)\)/);
  });
});
