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
});
