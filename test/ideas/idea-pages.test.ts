import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/harness.js";
import { createProducer, createUnitTree, formBody, formHeaders, grant, signedInUser, type SignedInSession, type UnitTree } from "../support/fixtures.js";
import { DEADLINES, ok, apiAs } from "../cycle/support.js";

/* The idea pages as people use them: plain forms, no JavaScript, each step a POST and a 303. */

let t: TestApp;
let tree: UnitTree;
let producer: SignedInSession;
let commune: SignedInSession;
let otherCommune: SignedInSession;
let district: SignedInSession;
let cycleId: number;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createUnitTree(db);
  const p = await createProducer(db, tree.communes[0][0], { name: "HTX Kẹo cu đơ Thử" });
  producer = (await signedInUser(t.app, db, [grant("producer_member", p)])).session;
  commune = (await signedInUser(t.app, db, [grant("commune_officer", tree.communes[0][0])])).session;
  otherCommune = (await signedInUser(t.app, db, [grant("commune_officer", tree.communes[0][1])])).session;
  district = (await signedInUser(t.app, db, [grant("district_office", tree.districts[0])])).session;
  const office = apiAs(t, (await signedInUser(t.app, db, [grant("province_office", tree.province)])).session);
  cycleId = (await ok(office("POST", "/api/cycles", { year: 2026, chain: "commune-district-province", deadlines: DEADLINES }), 201)).id;
});
afterAll(() => t.close());

const get = async (path: string, s: SignedInSession | null) => {
  const res = await t.app.request(path, { headers: s ? { cookie: s.cookie } : {} });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
};
const post = async (path: string, s: SignedInSession, fields: Record<string, string | number> | URLSearchParams) => {
  const body = fields instanceof URLSearchParams ? (fields.set("_csrf", s.csrfToken), fields.toString()) : formBody(fields, s);
  const res = await t.app.request(path, { method: "POST", headers: formHeaders(s), body });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
};

const form = (over: Record<string, string | number> = {}) => ({
  cycleId,
  name: "Kẹo cu đơ gừng",
  criteriaSetId: 6,
  description: "Kẹo mật mía, lạc, gừng, kẹp bánh đa",
  coreBenefit: "Quà quê",
  rawMaterials: "Mật mía, lạc, gừng",
  rawMaterialOrigin: "Hương Sơn",
  packaging: "Hộp giấy",
  expectedMarket: "Du lịch",
  ...over,
});

describe("idea pages", () => {
  it("sends anonymous visitors to sign in", async () => {
    const r = await get("/ideas", null);
    expect(r.status).toBe(303);
    expect(r.location).toBe("/login?next=%2Fideas");
  });

  it("walks an idea through the pages: register, submit, the commune's list, a district return, resubmission", async () => {
    // A missing field comes back beside the form, with what was typed kept.
    const bad = await post("/ideas/new", producer, form({ name: "" }));
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Nhập tên sản phẩm");
    expect(bad.html).toContain("Hương Sơn");

    const created = await post("/ideas/new", producer, form());
    expect(created.status).toBe(303);
    const ideaPath = created.location!.split("?")[0]!;
    const id = Number(ideaPath.split("/").pop());
    let page = await get(created.location!, producer);
    expect(page.html).toContain("Đang soạn");
    expect(page.html).toContain("Gửi đăng ký");
    expect((await post(`${ideaPath}/actions`, producer, { action: "submit" })).status).toBe(303);

    // The commune officer's inbox lists it; another commune's does not, and its page is not found.
    const inbox = await get("/ideas", commune);
    expect(inbox.html).toContain("Chờ tôi xử lý");
    expect(inbox.html).toContain(`value="${id}"`);
    expect((await get("/ideas", otherCommune)).html).not.toContain("Kẹo cu đơ gừng");
    expect((await get(ideaPath, otherCommune)).status).toBe(404);

    const list = new URLSearchParams([["ideaIds", String(id)], ["action", "commune_forward"]]);
    const sent = await post("/ideas/bulk", commune, list);
    expect(sent.status).toBe(303);
    expect(sent.location).toContain("done=bulk");

    // The district returns it: without a reason the page says so; with one, the producer sees it.
    const noReason = await post("/ideas/bulk", district, new URLSearchParams([["ideaIds", String(id)], ["action", "district_return"]]));
    expect(noReason.status).toBe(409);
    expect(noReason.html).toContain("Cần ghi rõ lý do");
    const back = await post(`${ideaPath}/actions`, district, { action: "district_return", reason: "Bổ sung nguồn gốc nguyên liệu" });
    expect(back.status).toBe(303);
    page = await get(ideaPath, producer);
    expect(page.html).toContain("Bổ sung nguồn gốc nguyên liệu");
    expect(page.html).toContain("Sửa phiếu đăng ký");

    const edited = await post(`${ideaPath}/edit`, producer, form({ rawMaterialOrigin: "Mật mía Hương Sơn, lạc trồng tại xã" }));
    expect(edited.status).toBe(303);
    expect((await post(`${ideaPath}/actions`, producer, { action: "resubmit" })).status).toBe(303);
    page = await get(ideaPath, producer);
    expect(page.html).toContain("Lần 1");
    expect(page.html).toContain("Lần 2");
    expect(page.html).toContain("Mật mía Hương Sơn, lạc trồng tại xã");
    // While the commune decides, the producer can no longer edit.
    expect(page.html).not.toContain("Sửa phiếu đăng ký");
  });

  it("attaches a photo checked by its content and serves it back only to those who may read the idea", async () => {
    const created = await post("/ideas/new", producer, form({ name: "Bánh đa vừng" }));
    const ideaPath = created.location!.split("?")[0]!;
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#c60" } }).png().toBuffer();
    const fd = new FormData();
    fd.set("_csrf", producer.csrfToken);
    fd.set("file", new File([new Uint8Array(png)], "mẫu.png", { type: "image/png" }));
    const up = await t.app.request(`${ideaPath}/attachments`, { method: "POST", headers: { cookie: producer.cookie }, body: fd });
    expect(up.status).toBe(303);
    const page = await get(ideaPath, producer);
    const href = /href="(\/ideas\/\d+\/attachments\/\d+)"/.exec(page.html)?.[1];
    expect(href).toBeDefined();
    const file = await t.app.request(href!, { headers: { cookie: producer.cookie } });
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("content-disposition")).toContain("UTF-8''m%E1%BA%ABu.png");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new Uint8Array(png));
    expect((await t.app.request(href!, { headers: { cookie: otherCommune.cookie } })).status).toBe(404);

    // A text file named .png is refused by its content.
    const fake = new FormData();
    fake.set("_csrf", producer.csrfToken);
    fake.set("file", new File([new TextEncoder().encode("not an image")], "ảnh.png", { type: "image/png" }));
    const refused = await t.app.request(`${ideaPath}/attachments`, { method: "POST", headers: { cookie: producer.cookie }, body: fake });
    expect(refused.status).toBe(400);
  });

  it("keeps a partial draft (only the name is needed), refuses to send it until complete, and hides it from the commune", async () => {
    // "Lưu nháp" with only a name: saved, no field errors (issue 16, finding 7).
    const partial = await post("/ideas/new", producer, { cycleId, name: "Mứt gừng nháp", criteriaSetId: "", description: "", coreBenefit: "", rawMaterials: "Gừng", rawMaterialOrigin: "", packaging: "", expectedMarket: "" });
    expect(partial.status).toBe(303);
    const ideaPath = partial.location!.split("?")[0]!;
    const id = Number(ideaPath.split("/").pop());
    let page = await get(ideaPath, producer);
    expect(page.html).toContain("Đang soạn");
    expect(page.html).toContain("Phiếu còn thiếu trước khi gửi");
    // The form does not make the browser demand every field either.
    const editForm = await get(`${ideaPath}/edit`, producer);
    expect(editForm.html.match(/ required/g)?.length).toBe(1);
    expect(editForm.html).toContain(">Gừng</textarea>");
    // An edit may keep it partial.
    expect((await post(`${ideaPath}/edit`, producer, { name: "Mứt gừng nháp", criteriaSetId: "", description: "Mứt gừng sấy dẻo", coreBenefit: "", rawMaterials: "Gừng", rawMaterialOrigin: "", packaging: "", expectedMarket: "" })).status).toBe(303);

    // Sending it is refused, naming what is missing, each message once.
    const refused = await post(`${ideaPath}/actions`, producer, { action: "submit" });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("chưa đủ thông tin để gửi");
    expect(refused.html).toContain("Nhập lợi ích cốt lõi cho khách hàng");
    expect(refused.html).toContain("Chọn nhóm, phân nhóm sản phẩm");
    expect(refused.html.split("Nhập lợi ích cốt lõi cho khách hàng").length - 1).toBe(1);
    const api = apiAs(t, producer);
    expect((await api("POST", `/api/ideas/${id}/actions`, { action: "submit" })).status).toBe(400);

    // A draft is the producer's own: neither the commune's inbox, its full list, nor the idea's page shows it.
    for (const waiting of ["1", "0"]) expect((await get(`/ideas?waiting=${waiting}`, commune)).html).not.toContain("Mứt gừng nháp");
    expect((await get(ideaPath, commune)).status).toBe(404);
    expect((await apiAs(t, commune)("GET", `/api/ideas?waiting=false`)).body.items.map((i: any) => i.id)).not.toContain(id);

    // Completed and sent, it reaches the commune.
    expect((await post(`${ideaPath}/edit`, producer, form({ name: "Mứt gừng nháp" }))).status).toBe(303);
    expect((await post(`${ideaPath}/actions`, producer, { action: "submit" })).status).toBe(303);
    page = await get("/ideas?waiting=1", commune);
    expect(page.html).toContain("Mứt gừng nháp");
  });

  it("offers only cycles still taking registrations, and refuses an idea in a closed one", async () => {
    const office = apiAs(t, (await signedInUser(t.app, t.database.db, [grant("province_office", tree.province)])).session);
    const closed = await ok(office("POST", "/api/cycles", { year: 2025, chain: "commune-district-province", deadlines: { registration: "2025-03-31", communeList: "2025-04-15", districtList: "2025-04-30", appraisal: "2025-05-31", planSubmission: "2025-07-31" } }), 201);
    const page = await get("/ideas/new", producer);
    const choices = /<select id="cycleId"[^>]*>(.*?)<\/select>/.exec(page.html)?.[1] ?? "";
    expect(choices).toContain(`value="${cycleId}"`);
    expect(choices).not.toContain(`value="${closed.id}"`);
    expect(choices).not.toContain("2025");
    const refused = await post("/ideas/new", producer, form({ cycleId: closed.id, name: "Ý tưởng muộn" }));
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("đã hết hạn đăng ký");
  });

  it("marks the active inbox tab, says once why a step was refused, and lists with links what a bulk send sent", async () => {
    const mk = async (name: string) => {
      const created = await post("/ideas/new", producer, form({ name }));
      const id = Number(created.location!.split("?")[0]!.split("/").pop());
      expect((await post(`/ideas/${id}/actions`, producer, { action: "submit" })).status).toBe(303);
      return id;
    };
    const a = await mk("Nước mắm gửi A");
    const b = await mk("Nước mắm gửi B");
    const inbox = await get("/ideas", commune);
    expect(inbox.html).toMatch(/<a href="\/ideas\?waiting=1" aria-current="page" class="button">/);
    expect(inbox.html).toMatch(/<a href="\/ideas\?waiting=0" class="button secondary">/);
    expect((await get("/ideas?waiting=0", commune)).html).toMatch(/<a href="\/ideas\?waiting=0" aria-current="page" class="button">/);

    // A return without a reason: the message appears once, under the reason field.
    const noReason = await post(`/ideas/${a}/actions`, commune, { action: "commune_return" });
    expect(noReason.status).toBe(400);
    expect(noReason.html.split("Cần ghi rõ lý do").length - 1).toBe(1);

    const sent = await post("/ideas/bulk", commune, new URLSearchParams([["ideaIds", String(a)], ["ideaIds", String(b)], ["action", "commune_forward"]]));
    expect(sent.status).toBe(303);
    const after = await get(sent.location!, commune);
    expect(after.html).toContain("cho 2 ý tưởng");
    expect(after.html).toContain(`<a href="/ideas/${a}">Nước mắm gửi A</a>`);
    expect(after.html).toContain(`<a href="/ideas/${b}">Nước mắm gửi B</a>`);
  });
});
