import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDEA_STATES } from "../../src/domain/idea-workflow.js";
import { PLAN_STATES } from "../../src/domain/plan-workflow.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { DEADLINES, ideaForm, ok, planBody, reformWorld, seedsWorld } from "./support.js";

/*
 * The "done when" of the cycle issue: one idea walks through every state on each chain of levels, including
 * returns, a rejection and resubmissions, then its plan through every plan state to a product; the audit
 * chain verifies afterwards.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("commune → district → province (the seeds' chain)", () => {
  it("walks one idea through every state, then its plan to a product, and the audit chain verifies", async () => {
    const w = await seedsWorld(t);
    const cycle = await ok(w.office("POST", "/api/cycles", { year: 2026, chain: "commune-district-province", deadlines: DEADLINES }), 201);
    const created = await ok(w.producer0("POST", "/api/ideas", { cycleId: cycle.id, ...ideaForm() }), 201);
    const id = created.id;
    const seen = new Set<string>([created.state]);
    const step = async (api: typeof w.office, action: string, reason?: string) => {
      const body = await ok(api("POST", `/api/ideas/${id}/actions`, { action, ...(reason ? { reason } : {}) }));
      seen.add(body.state);
      return body;
    };

    expect(created).toMatchObject({ state: "draft", attempt: 1, actions: ["submit"], editable: true });
    await step(w.producer0, "submit");
    // Attempt 1: the commune does not put it on its list.
    expect((await step(w.commune00, "commune_return", "Thiếu thông tin nguồn nguyên liệu")).lastReason).toBe("Thiếu thông tin nguồn nguyên liệu");
    // The producer revises the form and resubmits: attempt 2.
    await ok(w.producer0("PATCH", `/api/ideas/${id}`, { rawMaterialOrigin: "Mật mía Hương Sơn (hợp đồng 3 năm), lạc trồng tại xã" }));
    expect((await step(w.producer0, "resubmit")).attempt).toBe(2);
    await step(w.commune00, "commune_forward");
    // The district returns it: attempt 3.
    await step(w.district0, "district_return", "Trùng với sản phẩm đã có của xã bên");
    expect((await step(w.producer0, "resubmit")).attempt).toBe(3);
    await step(w.commune00, "commune_forward");
    await step(w.district0, "district_select");
    // The province rejects it in appraisal: attempt 4.
    await step(w.office, "reject", "Chưa chứng minh được thị trường");
    expect((await step(w.producer0, "resubmit")).attempt).toBe(4);
    await step(w.commune00, "commune_forward");
    await step(w.district0, "district_select");
    const approved = await step(w.office, "approve");
    expect(approved).toMatchObject({ state: "approved", attempt: 4, lastReason: null });
    expect([...seen].sort()).toEqual([...IDEA_STATES].sort());

    // Every attempt is kept: the form as sent at each submission, and who decided what.
    const detail = await ok(w.producer0("GET", `/api/ideas/${id}`));
    const submissions = detail.events.filter((e: any) => e.kind === "submit" || e.kind === "resubmit");
    expect(submissions.map((e: any) => e.attempt)).toEqual([1, 2, 3, 4]);
    expect(submissions[0].form.rawMaterialOrigin).toBe("Mật mía Hương Sơn, lạc trồng tại xã");
    expect(submissions[1].form.rawMaterialOrigin).toContain("hợp đồng 3 năm");
    expect(detail.events.map((e: any) => e.actorRole)).toEqual([
      "producer_member", "producer_member", "commune_officer", "producer_member", "commune_officer", "district_office", "producer_member",
      "commune_officer", "district_office", "province_office", "producer_member", "commune_officer", "district_office", "province_office",
    ]);

    // The plan: draft → submitted → revision requested → submitted → approved by the district, with support.
    const plan = await ok(w.producer0("POST", `/api/ideas/${id}/plan`, planBody({ own: 300_000_000, loans: 500_000_000, other: 0, support: 200_000_000 })), 201);
    const planSeen = new Set<string>([plan.state]);
    const planStep = async (api: typeof w.office, body: Record<string, unknown>) => {
      const r = await ok(api("POST", `/api/plans/${plan.id}/actions`, body));
      planSeen.add(r.state);
      return r;
    };
    expect(plan.budget.total).toBe("1000000000");
    await planStep(w.producer0, { action: "submit" });
    // The province is not the approver in this chain; the district is.
    expect((await w.office("POST", `/api/plans/${plan.id}/actions`, { action: "approve", estimatedStateSupport: 1 })).status).toBe(403);
    await planStep(w.district0, { action: "request_revision", reason: "Bổ sung phương án bao bì" });
    await ok(w.producer0("PATCH", `/api/plans/${plan.id}`, { packaging: "Hộp giấy kraft in nhãn song ngữ, mã QR" }));
    expect((await planStep(w.producer0, { action: "resubmit" })).attempt).toBe(2);
    const approvedPlan = await planStep(w.district0, { action: "approve", estimatedStateSupport: "150000000" });
    expect([...planSeen].sort()).toEqual([...PLAN_STATES].sort());
    expect(approvedPlan.estimatedStateSupport).toBe("150000000");
    expect(approvedPlan.productId).toBeTypeOf("number");

    const product = await ok(w.producer0("GET", `/api/products/${approvedPlan.productId}`));
    expect(product.code).toBe(`${w.tree.province.code}-${w.tree.communes[0][0].code}-001-2026`);
    expect(product.name).toBe(created.name);

    const audit = await ok(w.office("GET", "/api/audit/verify"));
    expect(audit.ok, JSON.stringify(audit)).toBe(true);
  });
});

describe("commune → province (after the 2025 reform)", () => {
  it("walks one idea through every state its chain has, then its plan to a product approved by the province", async () => {
    const w = await reformWorld(t);
    const cycle = await ok(w.office("POST", "/api/cycles", { year: 2026, chain: "commune-province", deadlines: { ...DEADLINES, districtList: undefined } }), 201);
    const idea = await ok(w.producerApi("POST", "/api/ideas", { cycleId: cycle.id, ...ideaForm() }), 201);
    const id = idea.id;
    const seen = new Set<string>(["draft"]);
    const step = async (api: typeof w.office, action: string, reason?: string) => {
      const body = await ok(api("POST", `/api/ideas/${id}/actions`, { action, ...(reason ? { reason } : {}) }));
      seen.add(body.state);
      return body;
    };
    await step(w.producerApi, "submit");
    await step(w.commune0, "commune_return", "Thiếu ảnh sản phẩm mẫu");
    await step(w.producerApi, "resubmit");
    await step(w.commune0, "commune_forward");
    // No district in this chain: the district step does not exist.
    const noDistrict = await w.office("POST", `/api/ideas/${id}/actions`, { action: "district_select" });
    expect(noDistrict.status).toBe(409);
    await step(w.office, "reject", "Nguyên liệu không có nguồn gốc tại địa phương");
    await step(w.producerApi, "resubmit");
    await step(w.commune0, "commune_forward");
    const approved = await step(w.office, "approve");
    expect(approved.attempt).toBe(3);
    expect([...seen].sort()).toEqual(IDEA_STATES.filter((s) => s !== "district_selected").sort());

    const plan = await ok(w.producerApi("POST", `/api/ideas/${id}/plan`, planBody({ own: "100000000", loans: 0, other: 50_000_000, support: 80_000_000 })), 201);
    await ok(w.producerApi("POST", `/api/plans/${plan.id}/actions`, { action: "submit" }));
    const done = await ok(w.office("POST", `/api/plans/${plan.id}/actions`, { action: "approve", estimatedStateSupport: 60_000_000 }));
    expect(done.state).toBe("approved");
    const product = await ok(w.office("GET", `/api/products/${done.productId}`));
    expect(product.code).toBe(`${w.province.code}-${w.communes[0].code}-001-2026`);

    const audit = await ok(w.office("GET", "/api/audit/verify"));
    expect(audit.ok).toBe(true);
  });
});
