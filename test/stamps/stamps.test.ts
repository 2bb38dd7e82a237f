import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { encodeStampCode, newSerial } from "../../src/domain/stamp-code.js";
import { stamps } from "../../src/modules/stamps/schema.js";
import { ok } from "../cycle/support.js";
import { stampRuntime } from "../../src/modules/stamps/runtime/stamp-runtime.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { decodePdfPages, decodeQr } from "../support/qr-decode.js";
import { certified, EXPIRES_ON } from "../certificates/support.js";
import { reformEval } from "../evaluation/support.js";
import sharp from "sharp";
import { codesOf, issuedBatch, lot, scan, STAMP_KEY } from "./support.js";

/* The stamp issue's "done when": issuance, lifecycle, every verdict, forged and mistyped codes, sheets decoded back. */

let t: TestApp;
beforeAll(async () => {
  // Scanners are told apart by their networks, which come from X-Forwarded-For behind a trusted proxy.
  t = await createTestApp({ config: { trustProxy: true } });
});
afterAll(() => t.close());

// Each named phone scans from a network (/24) of its own.
const networks = new Map<string, string>();
const ipOf = (phone: string) => {
  if (!networks.has(phone)) networks.set(phone, `10.${Math.floor(networks.size / 250)}.${networks.size % 250}.7`);
  return networks.get(phone)!;
};
const verdictOf = async (code: string, phone = "phone-1") => JSON.parse((await scan(t, code, { ua: phone, ip: ipOf(phone), json: true })).text).verdict as string;

describe("issuing stamps", () => {
  it("issues a batch only for a valid certificate, idempotently under an Idempotency-Key", async () => {
    const w = await reformEval(t);
    const c = await certified(t, w);
    const body = { productId: c.productId, quantity: 25 };
    expect((await w.producerMember.api("POST", "/api/stamp-batches", body)).status).toBe(403);
    const key = { "idempotency-key": "lo-tem-2026-06-15-a" };
    const issue = (b: unknown, headers: Record<string, string> = key) => t.app.request("/api/stamp-batches", { method: "POST", headers: { ...w.office.headers, "content-type": "application/json", ...headers }, body: JSON.stringify(b) });
    const first = await issue(body);
    expect(first.status).toBe(201);
    const batch = await first.json();
    const again = await issue(body);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json()).id).toBe(batch.id);
    expect((await issue({ ...body, quantity: 26 })).status).toBe(409);
    expect(await codesOf(t, batch.id)).toHaveLength(25);
    expect(batch).toMatchObject({ state: "issued", quantity: 25, certificateId: c.certificateId });
    // A second batch without a key is a new batch.
    expect((await issue(body, {})).status).toBe(201);
    const audit = await ok(w.office.api("GET", "/api/audit?action=stamps.issue"));
    expect(audit.items.length).toBeGreaterThanOrEqual(2);
  });

  it("lets the producer request a batch that the office approves or rejects", async () => {
    const w = await reformEval(t);
    const c = await certified(t, w);
    const req = await ok(w.producerMember.api("POST", "/api/stamp-batches/requests", { productId: c.productId, quantity: 5, note: "Cho lô Tết" }), 201);
    expect(req.state).toBe("requested");
    expect((await w.producerMember.api("POST", `/api/stamp-batches/${req.id}/approve`)).status).toBe(404);
    const approved = await ok(w.office.api("POST", `/api/stamp-batches/${req.id}/approve`));
    expect(approved.state).toBe("issued");
    expect((await ok(w.office.api("POST", `/api/stamp-batches/${req.id}/approve`))).id).toBe(req.id);
    expect(await codesOf(t, req.id)).toHaveLength(5);
    const other = await ok(w.producerMember.api("POST", "/api/stamp-batches/requests", { productId: c.productId, quantity: 5 }), 201);
    expect((await w.office.api("POST", `/api/stamp-batches/${other.id}/reject`, {})).status).toBe(400);
    expect((await ok(w.office.api("POST", `/api/stamp-batches/${other.id}/reject`, { reason: "Trùng yêu cầu" }))).state).toBe("rejected");
  });

  it("refuses a product whose certificate is not valid", async () => {
    const w = await reformEval(t);
    const c = await certified(t, w);
    await ok(w.office.api("POST", `/api/certificates/${c.certificateId}/suspension`, { from: "2026-06-15", reason: "Kiểm tra" }), 201);
    const res = await w.office.api("POST", "/api/stamp-batches", { productId: c.productId, quantity: 5 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("no-valid-certificate");
  });
});

describe("activation, voiding and every verdict", () => {
  it("walks a batch through its lifecycle and the certificate's, giving each verdict", async () => {
    const { w, cert, batch, codes } = await issuedBatch(t, 12);
    const [a, b, c, d] = codes as [string, string, string, string];
    expect(await verdictOf(a)).toBe("not_activated");
    // A second later it is affixed: what the consumer is told counts from then, not the bare stamp's scans.
    t.clock.advance(1000);
    await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, fromSeq: 1, toSeq: 10, lot }));
    t.clock.advance(1000);
    expect(await verdictOf(a)).toBe("genuine_first");
    // The same phone reloading is not a second scanner; a phone on another network is.
    expect(await verdictOf(a)).toBe("genuine_first");
    expect(await verdictOf(a, "phone-2")).toBe("genuine_seen");
    const page = await scan(t, a, { ua: "phone-3", ip: ipOf("phone-3") });
    expect(page.status).toBe(200);
    expect(page.text).toContain("Tem chính hãng");
    expect(page.text).toContain(lot.lotNumber);
    expect(page.text).toContain("đã được quét 2 lần");
    expect(Buffer.byteLength(page.text)).toBeLessThan(30_000);
    expect(page.headers.get("set-cookie")).toBeNull();
    // A genuine stamp confirms the recognition: the star mark and the certificate's own status.
    expect(page.text).toContain("OCOP ★★★");
    expect(page.text).toContain("Còn hiệu lực");

    // Suspicious: more distinct scanners in a day than a product on a shelf ever gets.
    for (let i = 0; i < 21; i++) await verdictOf(b, `crowd-${i}`);
    expect(await verdictOf(b, "crowd-last")).toBe("suspicious");
    // One replayer hammering a stamp does not make it suspicious.
    for (let i = 0; i < 50; i++) await verdictOf(c, "replayer");
    expect(await verdictOf(c, "replayer")).toBe("genuine_first");

    // Void a range (a lost roll) and one stamp by its code.
    expect((await w.producerMember.api("POST", "/api/stamps/void", { batchId: batch.id, fromSeq: 11, toSeq: 12 })).status).toBe(400);
    const voided = await ok(w.producerMember.api("POST", "/api/stamps/void", { batchId: batch.id, fromSeq: 11, toSeq: 12, reason: "Mất cuộn tem" }));
    expect(voided.voided).toBe(2);
    expect(await verdictOf(codes[10]!)).toBe("void");
    await ok(w.office.api("POST", "/api/stamps/void", { code: d, reason: "Tem bị bóc ra" }));
    expect(await verdictOf(d)).toBe("void");
    // The cards below a red verdict agree with it (issue 16): no star mark, no "still valid".
    const voidPage = (await scan(t, d)).text;
    expect(voidPage).not.toContain("★");
    expect(voidPage).not.toContain("Còn hiệu lực");
    expect(voidPage).toContain("Không xác nhận được: tem đã bị hủy");

    // The certificate's state shows through: suspended, then revoked; expired on another product below.
    await ok(w.office.api("POST", `/api/certificates/${cert.certificateId}/suspension`, { from: "2026-06-15", reason: "Kiểm tra" }), 201);
    stampRuntime(t.deps).cache.clear();
    expect(await verdictOf(a)).toBe("certificate_suspended");
    await ok(w.office.api("POST", `/api/certificates/${cert.certificateId}/revocation`, { ground: "mark_misuse", effectiveOn: "2026-06-15", decisionNumber: "77/QĐ-UBND", authorityName: "Ủy ban nhân dân tỉnh Hà Tĩnh", reason: "Dùng nhãn hiệu OCOP không đúng quy định" }), 201);
    stampRuntime(t.deps).cache.clear();
    expect(await verdictOf(a)).toBe("certificate_revoked");
    const revokedPage = await scan(t, a);
    expect(revokedPage.text).toContain("đã bị thu hồi");
    expect(revokedPage.text).not.toContain("★");
    expect(revokedPage.text).not.toContain("Còn hiệu lực");
    expect(revokedPage.text).toMatch(/Trạng thái<\/dt><dd>Đã bị thu hồi/);

    // Every answered scan is counted once the buffer is flushed (repeats as tallies: a row stands for `times`
    // scans), and a freshly loaded view counts them.
    await stampRuntime(t.deps).recorder.flushAll();
    const counted = await t.database.db.execute(sql`select sum(x.times)::int as n, (count(*) filter (where not x.repeat))::int as u from stamp_scans x join stamps s on s.id = x.stamp_id where s.batch_id = ${batch.id}`);
    const [total] = (Array.isArray(counted) ? counted : (counted as { rows: unknown[] }).rows) as { n: number; u: number }[];
    expect(Number(total!.n)).toBeGreaterThan(70);
    const perA = await t.database.db.execute(sql`select (count(*) filter (where not x.repeat))::int as u from stamp_scans x join stamps s on s.id = x.stamp_id where s.serial = ${a.slice(0, 12)} and x.at >= s.activated_at`);
    const [aRows] = (Array.isArray(perA) ? perA : (perA as { rows: unknown[] }).rows) as { u: number }[];
    stampRuntime(t.deps).cache.clear();
    const again = JSON.parse((await scan(t, a, { ua: "phone-new", ip: ipOf("phone-new"), json: true })).text);
    expect(again.scans.previous).toBe(Number(aRows!.u));
  });

  it("says the certificate expired once it has, and keeps resolving", async () => {
    const { w, batch, codes } = await issuedBatch(t, 2);
    await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, lot: { ...lot, lotNumber: "L-exp" } }));
    // EXPIRES_ON is the expiry day, the last valid day of the 36 months (issue 12): valid through it, expired after.
    t.clock.set(`${EXPIRES_ON}T16:00:00Z`);
    stampRuntime(t.deps).cache.clear();
    expect(await verdictOf(codes[0]!)).toMatch(/^genuine_/);
    t.clock.set(new Date(Date.parse(`${EXPIRES_ON}T05:00:00Z`) + 86_400_000));
    stampRuntime(t.deps).cache.clear();
    expect(await verdictOf(codes[0]!)).toBe("certificate_expired");
    t.clock.set("2026-06-15T03:00:00Z");
  });

  it("rejects forged and mistyped codes before the database, and answers unknown", async () => {
    const { codes } = await issuedBatch(t, 1);
    const good = codes[0]!;
    const forged = encodeStampCode(newSerial(), "x".repeat(43));
    // Swap the first adjacent pair that differs: swapping two equal symbols would give back the real code (and
    // that happens for 1 random code in 32 at any fixed place).
    const at = [...good].findIndex((ch, i) => i > 0 && ch !== good[i - 1]);
    const swapped = good.slice(0, at - 1) + good[at] + good[at - 1] + good.slice(at + 1);
    expect(swapped).not.toBe(good);
    // An app whose database fails on any query: the answers below never needed it.
    const noDb = createApp({ ...t.deps, database: { ...t.database, db: new Proxy(t.database.db, { get: () => { throw new Error("database touched"); } }) } });
    for (const [code, words] of [[forged, "không do cơ quan"], [swapped, "gõ nhầm"], ["HELLO", "không phải mã tem"]] as const) {
      const res = await noDb.request(`/s/${code}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain(words);
    }
    const json = await noDb.request(`/s/${forged}`, { headers: { accept: "application/json" } });
    expect((await json.json()).verdict).toBe("unknown");
    // A well-formed code with the right MAC but no such stamp is unknown too (this one asks the database).
    expect((await scan(t, encodeStampCode(newSerial(), STAMP_KEY))).status).toBe(404);
  });
});

describe("print-ready output", () => {
  it("a PDF sheet's QR codes decode to the stamps' URLs and resolve to their verdicts", async () => {
    const { w, batch, codes } = await issuedBatch(t, 8);
    await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, fromSeq: 1, toSeq: 4, lot: { ...lot, lotNumber: "L-sheet" } }));
    const res = await t.app.request(`/api/stamp-batches/${batch.id}/sheet.pdf?layout=roll`, { headers: w.producerMember.headers });
    expect(res.status).toBe(200);
    const decoded = await decodePdfPages(new Uint8Array(await res.arrayBuffer()), 300);
    expect(decoded).toEqual(codes.map((c) => `https://ocop.test/s/${c}`));
    expect(await verdictOf(decoded[0]!.split("/s/")[1]!)).toBe("genuine_first");
    expect(await verdictOf(decoded[7]!.split("/s/")[1]!)).toBe("not_activated");
    // Issue 13's rule change: a GET never changes state. The download serves only; printing is the explicit POST.
    expect((await ok(w.office.api("GET", `/api/stamp-batches/${batch.id}`))).state).toBe("issued");
    expect((await ok(w.producerMember.api("POST", `/api/stamp-batches/${batch.id}/printed`))).state).toBe("printed");
    const grid = await t.app.request(`/api/stamp-batches/${batch.id}/sheet.pdf`, { headers: w.office.headers });
    expect(grid.status).toBe(200);
    expect((await t.app.request(`/api/stamp-batches/${batch.id}/sheet.pdf?labelWidthMm=250`, { headers: w.office.headers })).status).toBe(400);
    // Each stamp prints its number in the batch, the number activation and voiding ask for (issue 16, finding 5).
    const part = await t.app.request(`/api/stamp-batches/${batch.id}/sheet.pdf?fromSeq=3&toSeq=5`, { headers: w.office.headers });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stamp-seq-"));
    try {
      fs.writeFileSync(path.join(dir, "part.pdf"), new Uint8Array(await part.arrayBuffer()));
      const text = execFileSync("pdftotext", [path.join(dir, "part.pdf"), "-"], { encoding: "utf8" });
      expect(["Số 000003", "Số 000004", "Số 000005"].every((s) => text.includes(s))).toBe(true);
      expect(text).not.toContain("Số 000002");
      expect(text).not.toContain("Số 000006");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    const svg = await t.app.request(`/api/stamps/${codes[0]}/stamp.svg`, { headers: w.producerMember.headers });
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    const svgText = await svg.text();
    expect(svgText).toContain(">Số 000001</text>");
    expect(await decodeQr(sharp(Buffer.from(svgText), { density: 600 }))).toBe(`https://ocop.test/s/${codes[0]}`);
    const png = await t.app.request(`/api/stamps/${codes[1]}/stamp.png?dpi=300`, { headers: w.producerMember.headers });
    expect(await decodeQr(sharp(Buffer.from(await png.arrayBuffer())))).toBe(`https://ocop.test/s/${codes[1]}`);
    const other = await reformEval(t);
    expect((await t.app.request(`/api/stamps/${codes[0]}/stamp.svg`, { headers: other.producerMember.headers })).status).toBe(404);
  });
});

describe("GS1 Digital Link", () => {
  it("resolves /01/{gtin}/21/{serial}, lots and the product, with linksets and 400 on malformed URIs", async () => {
    const { w, cert, batch, codes } = await issuedBatch(t, 2);
    expect((await w.office.api("PATCH", `/api/products/${cert.productId}`, { gtin: "8935049500019" })).status).toBe(400);
    await ok(w.office.api("PATCH", `/api/products/${cert.productId}`, { gtin: "8935049500018", standards: "TCCS 01:2026/HTX" }));
    await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, lot: { ...lot, lotNumber: "L-gs1" } }));
    const g = "08935049500018";
    let res = await t.app.request(`/01/${g}/21/${codes[0]}`);
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe(`https://ocop.test/s/${codes[0]}`);
    expect(res.headers.get("link")).toContain('rel="linkset"');
    res = await t.app.request(`/01/${g}`);
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe(`https://ocop.test/p/${cert.productId}`);
    res = await t.app.request(`/01/${g}/10/L-gs1`);
    expect(res.headers.get("location")).toBe(`https://ocop.test/p/${cert.productId}?lot=L-gs1`);
    expect((await t.app.request(`/p/${cert.productId}?lot=L-gs1`)).status).toBe(200);
    res = await t.app.request(`/01/${g}?linkType=gs1:certificationInfo`);
    expect(res.headers.get("location")).toBe(`https://ocop.test/c/${cert.certificateId}`);

    for (const req of [t.app.request(`/01/${g}/21/${codes[1]}?linkType=linkset`), t.app.request(`/01/${g}/21/${codes[1]}`, { headers: { accept: "application/linkset+json" } })]) {
      const ls = await req;
      expect(ls.status).toBe(200);
      expect(ls.headers.get("content-type")).toContain("application/linkset+json");
      const body = await ls.json();
      expect(body.linkset[0].anchor).toBe(`https://ocop.test/01/${g}/21/${codes[1]}`);
      expect(body.linkset[0]["https://gs1.org/voc/pip"][0].href).toBe(`https://ocop.test/p/${cert.productId}`);
      expect(body.linkset[0]["https://gs1.org/voc/certificationInfo"][0].href).toBe(`https://ocop.test/c/${cert.certificateId}`);
    }
    for (const bad of [`/01/8935049500019`, `/01/${g}/17/x`, `/01/${g}/21/${codes[0]}/10/L`, `/01/${g}/21`]) {
      const r = await t.app.request(bad);
      expect(r.status, bad).toBe(400);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await t.app.request(`/01/00000096385074`)).status).toBe(404);
    // A serial not ours falls back to the product page that says so (test/stamps/gs1-resolver.test.ts).
    expect((await t.app.request(`/01/${g}/21/${encodeStampCode(newSerial(), STAMP_KEY)}`)).headers.get("location")).toBe(`https://ocop.test/p/${cert.productId}?unknown=serial`);
    const scanPage = await scan(t, codes[0]!);
    expect(scanPage.text).toContain("TCCS 01:2026/HTX");
  });
});
