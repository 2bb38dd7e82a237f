import { crc32 } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORM_ALLOWANCE, SMALL_BODY_BYTES, UPLOAD_LIMITS, megabytes, type UploadKind } from "../../src/lib/upload-limits.js";
import { DECIDED_ON, certified } from "../certificates/support.js";
import { DEADLINES, ideaForm, ok } from "../cycle/support.js";
import { DURING, createProduct, person, reformEval, registration, type Person } from "../evaluation/support.js";
import { cookieFrom, csrfFieldIn } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";

/*
 * Issue 13: one table of upload limits per kind of file (src/lib/upload-limits.ts, the README's "Limits"), read by
 * both the body limit and the upload check. Each kind is sent through its real route at its limit (accepted) and
 * one byte over (413 problem+json naming the limit in both languages), and far over (the body limit's 413).
 */

let t: TestApp;
let w: Awaited<ReturnType<typeof reformEval>>;
let inspector: Person;
let office: Person;
/** For each kind: the route taking the file, who sends it, and the status of a success. */
const target = {} as Record<UploadKind, { path: string; headers: Record<string, string>; fields: Record<string, string>; created: number }>;

/** A report form's anonymous CSRF cookie and token, as a browser holds them after opening /s/{code}/report. */
async function reportForm(code: string) {
  const res = await t.app.request(`/s/${code}/report`, { headers: { accept: "text/html" } });
  return { cookie: cookieFrom(res, "ocop_csrf")!, csrfToken: csrfFieldIn(await res.text())! };
}

beforeAll(async () => {
  t = await createTestApp();
  // Before the registration deadline (the clock starts on 1 March 2026): an idea in draft takes attachments.
  w = await reformEval(t);
  const cycle = await ok(w.office.api("POST", "/api/cycles", { year: 2026, chain: "commune-province", deadlines: DEADLINES }), 201);
  const idea = await ok(w.producerMember.api("POST", "/api/ideas", { cycleId: cycle.id, ...ideaForm() }), 201);
  // While a criteria set is in force: a product takes photos, a draft dossier evidence, an open inspection files.
  t.clock.set(DURING);
  const e = await reformEval(t);
  const productId = await createProduct(t, e.commune, e.producer.id, null);
  const dossier = await ok(e.producerMember.api("POST", "/api/dossiers", { productId, ...registration }), 201);
  const a = await certified(t, e);
  inspector = await person(t, ["inspector", e.province]);
  const ins = await ok(inspector.api("POST", `/api/certificates/${a.certificateId}/inspections`, { kind: "periodic", team: ["Trần Văn Kiểm"], startedOn: DECIDED_ON }), 201);
  // Signed in again at the clock's new time.
  const ideaAuthor = await person(t, ["producer_member", w.producer]);
  const dossierAuthor = await person(t, ["producer_member", e.producer]);
  office = await person(t, ["province_office", e.province]);
  const communeOfficer = await person(t, ["commune_officer", e.commune]);
  const given = await ok(office.api("POST", "/api/tasks", { title: "Báo cáo kết quả", source: { kind: "plan", date: "2020-01-01", title: "Kế hoạch" }, unitId: e.commune.id, deadline: "2030-12-31" }), 201);
  const report = await reportForm("KHONG-PHAI-MA");

  target.ideaAttachment = { path: `/api/ideas/${idea.id}/attachments`, headers: ideaAuthor.headers, fields: {}, created: 201 };
  target.productPhoto = { path: `/api/products/${productId}/photos`, headers: office.headers, fields: {}, created: 201 };
  target.dossierEvidence = { path: `/api/dossiers/${dossier.id}/evidence`, headers: dossierAuthor.headers, fields: { criterionId: "1.2" }, created: 201 };
  target.taskReportFile = { path: `/api/tasks/${given.id}/reports`, headers: communeOfficer.headers, fields: { kind: "progress", note: "Báo cáo tiến độ" }, created: 201 };
  target.inspectionFile = { path: `/api/inspections/${ins.id}/files`, headers: inspector.headers, fields: { kind: "lab" }, created: 201 };
  // Anyone, without signing in: a post/redirect/get form, so success is a 303.
  target.reportPhoto = { path: "/s/KHONG-PHAI-MA/report", headers: { cookie: report.cookie }, fields: { _csrf: report.csrfToken, what: "Tem nghi giả" }, created: 303 };
}, 120_000);
afterAll(() => t.close());

/** A PDF of exactly `size` bytes (the check judges documents by their first bytes). */
function pdfOf(size: number): Uint8Array {
  const b = new Uint8Array(size).fill(0x20);
  b.set(new TextEncoder().encode("%PDF-1.4\n"));
  return b;
}

/** A real PNG of exactly `size` bytes: a small image with a private ancillary chunk ("prVt") as padding before IEND. */
let smallPng: Buffer;
function pngOf(size: number): Uint8Array {
  const iendAt = smallPng.length - 12;
  const data = Buffer.alloc(size - smallPng.length - 12, 0x61);
  const typeAndData = Buffer.concat([Buffer.from("prVt", "latin1"), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  const out = Buffer.concat([smallPng.subarray(0, iendAt), len, typeAndData, crc, smallPng.subarray(iendAt)]);
  expect(out.length).toBe(size);
  return new Uint8Array(out);
}

const fileOf = (kind: UploadKind, size: number) => (UPLOAD_LIMITS[kind].field === "photo" ? pngOf(size) : pdfOf(size));

async function send(kind: UploadKind, bytes: Uint8Array, headers: Record<string, string> = {}) {
  const to = target[kind];
  const form = new FormData();
  for (const [k, v] of Object.entries(to.fields)) form.set(k, v);
  form.set(UPLOAD_LIMITS[kind].field, new File([bytes as BufferSource], UPLOAD_LIMITS[kind].field === "photo" ? "anh.png" : "tep.pdf"));
  const res = await t.app.request(to.path, { method: "POST", headers: { ...to.headers, ...headers }, body: form });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", text, json: () => JSON.parse(text) };
}

/** A 413 problem+json that names the limit in both languages, and carries it in bytes. */
function expectNamesLimit(r: Awaited<ReturnType<typeof send>>, limitBytes: number) {
  expect(r.status, r.text).toBe(413);
  expect(r.type).toContain("application/problem+json");
  const body = r.json();
  expect(body.limit).toBe(limitBytes);
  expect(body.i18n.vi.detail).toContain(`${megabytes(limitBytes, "vi-VN")} MB`);
  expect(body.i18n.en.detail).toContain(`${megabytes(limitBytes, "en")} MB`);
  return body;
}

const kinds = Object.keys(UPLOAD_LIMITS) as UploadKind[];

describe("the upload limit table", () => {
  beforeAll(async () => {
    smallPng = await sharp({ create: { width: 32, height: 24, channels: 3, background: "#3366cc" } }).png().toBuffer();
  });

  it("covers every route that takes a file, each with a limit of whole megabytes stated in both languages", () => {
    expect(kinds.sort()).toEqual(["dossierEvidence", "ideaAttachment", "inspectionFile", "productPhoto", "reportPhoto", "taskReportFile"]);
    for (const k of kinds) expect(UPLOAD_LIMITS[k].maxBytes).toBeGreaterThan(SMALL_BODY_BYTES);
  });

  it.each(kinds)("%s: accepted at its limit, 413 one byte over (the upload check) and far over (the body limit)", async (kind) => {
    const { maxBytes, field } = UPLOAD_LIMITS[kind];

    const atLimit = await send(kind, fileOf(kind, maxBytes));
    expect(atLimit.status, atLimit.text.slice(0, 500)).toBe(target[kind].created);

    const over = await send(kind, fileOf(kind, maxBytes + 1));
    const body = expectNamesLimit(over, maxBytes);
    // The field is named too, so a form can show the message beside its file input.
    expect(body.errors).toEqual([expect.objectContaining({ path: field })]);
    expect(body.errors[0].vi).toContain(`giới hạn ${megabytes(maxBytes, "vi-VN")} MB`);
    expect(body.errors[0].en).toContain(`the ${megabytes(maxBytes, "en")} MB limit`);

    // Past what the route's body may carry: refused before the body is read into the handler.
    const far = await send(kind, pdfOf(maxBytes + FORM_ALLOWANCE + 1));
    const farBody = expectNamesLimit(far, maxBytes);
    expect(farBody.code).toBe("payload-too-large");
    expect(farBody.i18n.vi.detail).toContain(UPLOAD_LIMITS[kind].label.vi);
    expect(farBody.i18n.en.detail).toContain(UPLOAD_LIMITS[kind].label.en);
  }, 120_000);

  it("a request without a file may carry 1 MB, and one byte more is a 413 naming that limit", async () => {
    const pad = (n: number) => JSON.stringify({ name: "x".repeat(n) });
    const base = pad(0).length;
    const at = await t.app.request("/api/retail", { method: "POST", headers: { ...office.headers, "content-type": "application/json" }, body: pad(SMALL_BODY_BYTES - base) });
    expect(at.status).toBe(400); // through the limit, refused by validation (the name is too long)
    const over = await t.app.request("/api/retail", { method: "POST", headers: { ...office.headers, "content-type": "application/json" }, body: pad(SMALL_BODY_BYTES - base + 1) });
    expect(over.status).toBe(413);
    const body = await over.json();
    expect(body.limit).toBe(SMALL_BODY_BYTES);
    expect(body.i18n.vi.detail).toBe("Dữ liệu gửi lên quá lớn: tối đa 1 MB.");
    expect(body.i18n.en.detail).toBe("The request is too large: at most 1 MB.");
  });

  it("a browser sending a photo one byte over is shown the report form again, with the message", async () => {
    const r = await send("reportPhoto", fileOf("reportPhoto", UPLOAD_LIMITS.reportPhoto.maxBytes + 1), { accept: "text/html" });
    expect(r.status).toBe(413);
    expect(r.type).toContain("text/html");
    expect(r.text).toContain(`vượt quá giới hạn ${megabytes(UPLOAD_LIMITS.reportPhoto.maxBytes, "vi-VN")} MB`);
    expect(r.text).toContain('enctype="multipart/form-data"');
  }, 60_000);
});
