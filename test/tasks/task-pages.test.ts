import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { formBody, formHeaders } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { pdf, task, taskWorld, type Actor } from "./support.js";

/* The pages of issue 17's tasks: the office's list, form and detail; the assignee's list and report form. */

let t: TestApp;
let w: Awaited<ReturnType<typeof taskWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  w = await taskWorld(t);
}, 60_000);
afterAll(() => t.close());

const get = (who: Actor, path: string) => t.app.request(path, { headers: { cookie: who.cookie, accept: "text/html" } });
const post = (who: Actor, path: string, fields: Record<string, string>) =>
  t.app.request(path, { method: "POST", headers: formHeaders({ cookie: who.cookie }, { accept: "text/html" }), body: formBody(fields, { csrfToken: who.headers["x-csrf-token"]! }) });

describe("the office's pages", () => {
  it("assigns a task from the form, to an agency picked in one list with the units, and shows it", async () => {
    const form = await (await get(w.office, "/tasks/new")).text();
    expect(form).toContain(`value="a${w.trade.id}"`);
    expect(form).toContain(`value="u${w.tree.communes[0][0].id}"`);
    const fields = { title: "Tổ chức hội chợ OCOP", sourceKind: "plan", sourceNumber: "", sourceDate: "2026-02-20", sourceTitle: "Kế hoạch thực hiện Chương trình OCOP năm 2026", assignee: `a${w.trade.id}`, deadline: "2026-06-30" };
    const res = await post(w.office, "/tasks/new", fields);
    expect(res.status, await res.clone().text()).toBe(303);
    const to = res.headers.get("location")!;
    expect(to).toMatch(/^\/tasks\/\d+\?done=created$/);
    const page = await (await get(w.office, to)).text();
    expect(page).toContain("Tổ chức hội chợ OCOP");
    expect(page).toContain("Kế hoạch ngày 20/02/2026: Kế hoạch thực hiện Chương trình OCOP năm 2026");
    expect(page).toContain("30/06/2026");
    expect(page).toContain("Hủy nhiệm vụ");
    expect(page).not.toContain("Gửi báo cáo");
    const list = await (await get(w.office, "/tasks")).text();
    expect(list).toContain("Tổ chức hội chợ OCOP");
    expect(list).toContain("Giao nhiệm vụ mới");
  });

  it("shows the form again with the messages beside the fields when the input is wrong", async () => {
    const res = await post(w.office, "/tasks/new", { title: "", sourceKind: "conclusion", sourceDate: "2026-02-20", sourceTitle: "TB", assignee: "", deadline: "2026-02-01" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('class="field-error" id="assignee-error"');
    expect(html).toContain('class="field-error" id="title-error"');
    expect(html).toContain('name="sourceTitle"');
  });

  it("keeps the list of agencies and adds one", async () => {
    const res = await post(w.office, "/agencies", { name: "Báo Hà Tĩnh", shortName: "", kind: "media" });
    expect(res.status).toBe(303);
    const html = await (await get(w.office, "/agencies")).text();
    expect(html).toContain("Báo Hà Tĩnh");
    expect(html).toContain("Sở Công Thương");
    expect((await post(w.office, "/agencies", { name: "báo hà tĩnh", kind: "media" })).status).toBe(409);
    expect((await get(w.tradeStaff, "/agencies")).status).toBe(403);
  });

  it("marks an agency inactive from its page, which takes it off the assignment form", async () => {
    const bank = await ok(w.office.api("POST", "/api/agencies", { name: "Ngân hàng Chính sách xã hội", kind: "bank" }), 201);
    expect(await (await get(w.office, "/tasks/new")).text()).toContain(`value="a${bank.id}"`);
    const edit = await (await get(w.office, `/agencies/${bank.id}/edit`)).text();
    expect(edit).toContain('value="Ngân hàng Chính sách xã hội"');
    const res = await post(w.office, `/agencies/${bank.id}/edit`, { name: "Ngân hàng Chính sách xã hội tỉnh", shortName: "NHCSXH", kind: "bank", active: "0" });
    expect(res.status).toBe(303);
    const list = await (await get(w.office, "/agencies")).text();
    expect(list).toContain("Ngân hàng Chính sách xã hội tỉnh");
    expect(list).toContain("Ngừng hoạt động");
    expect(await (await get(w.office, "/tasks/new")).text()).not.toContain(`value="a${bank.id}"`);
    expect((await post(w.office, `/agencies/${bank.id}/edit`, { name: "", kind: "bank", active: "1" })).status).toBe(400);
  });
});

describe("the assignee's pages", () => {
  it("lists an agency's own tasks and takes a report with a file from the form", async () => {
    const mine = await ok(w.office.api("POST", "/api/tasks", task({ agencyId: w.trade.id, title: "Hướng dẫn hình thành điểm bán OCOP" })), 201);
    await ok(w.office.api("POST", "/api/tasks", task({ agencyId: w.health.id, title: "Kiểm tra an toàn thực phẩm" })), 201);
    const list = await (await get(w.tradeStaff, "/tasks")).text();
    expect(list).toContain("Nhiệm vụ của tôi");
    expect(list).toContain("Hướng dẫn hình thành điểm bán OCOP");
    expect(list).not.toContain("Kiểm tra an toàn thực phẩm");
    expect(list).not.toContain("Giao nhiệm vụ mới");
    const page = await (await get(w.tradeStaff, `/tasks/${mine.id}`)).text();
    expect(page).toContain("Gửi báo cáo");
    expect(page).not.toContain("Hủy nhiệm vụ");

    const form = new FormData();
    form.set("_csrf", w.tradeStaff.headers["x-csrf-token"]!);
    form.set("kind", "done");
    form.set("note", "Đã hình thành 2 điểm bán");
    form.set("file", new File([pdf() as BufferSource], "bao-cao.pdf"));
    const res = await t.app.request(`/tasks/${mine.id}/reports`, { method: "POST", headers: { cookie: w.tradeStaff.cookie, accept: "text/html" }, body: form });
    expect(res.status, await res.clone().text()).toBe(303);
    const after = await (await get(w.tradeStaff, res.headers.get("location")!)).text();
    expect(after).toContain("Đã báo cáo hoàn thành nhiệm vụ.");
    expect(after).toContain("bao-cao.pdf");
    expect(after).not.toContain("Gửi báo cáo");
    const href = new RegExp(`href="(/tasks/${mine.id}/files/\\d+)"`).exec(after)![1]!;
    const file = await get(w.office, href);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
  });

  it("shows a report without a note again with its message", async () => {
    const mine = await ok(w.office.api("POST", "/api/tasks", task({ unitId: w.tree.communes[0][0].id })), 201);
    const res = await post(w.commune, `/tasks/${mine.id}/reports`, { kind: "progress", note: "" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="note-error"');
    expect((await get(w.neighbour, `/tasks/${mine.id}`)).status).toBe(404);
  });
});
