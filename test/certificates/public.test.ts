import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminUnits, adminUnitSuccessions } from "../../src/modules/units/schema.js";
import { deliverDue } from "../../src/modules/watch/services/dispatcher.js";
import { verify } from "../../src/modules/watch/services/signing.js";
import { ok } from "../cycle/support.js";
import { person, reformEval } from "../evaluation/support.js";
import { createProducer, createRetailPoint, createUnit } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { decodePdfPages, pdfText } from "../support/qr-decode.js";
import { DECIDED_ON, certified } from "./support.js";

/* The public side of certification: the registry and its CSV, the certificate PDF, old places after the reform, watches. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const anon = (path: string, accept = "text/html") => t.app.request(path, { headers: { accept } });

describe("the public registry", () => {
  it("searches by name, group, stars and status for anonymous visitors, and exports CSV with a BOM", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const b = await certified(t, w);
    const json = await (await anon(`/api/registry?unitId=${w.commune.id}`, "application/json")).json();
    expect(json.total).toBe(2);
    expect(json.items.map((i: { id: number }) => i.id).sort()).toEqual([a.certificateId, b.certificateId].sort());
    const byName = await (await anon(`/api/registry?q=${encodeURIComponent(json.items[0].productName.split(" ").pop())}`)).json();
    expect(byName.items.map((i: { id: number }) => i.id)).toContain(json.items[0].id);
    expect((await (await anon(`/api/registry?unitId=${w.commune.id}&status=revoked`)).json()).total).toBe(0);
    expect((await anon("/api/registry?stars=9")).status).toBe(400);

    const page = await anon(`/registry?unitId=${w.commune.id}&status=valid`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`/c/${a.certificateId}`);
    expect(html).toContain("Sổ sản phẩm OCOP");
    const csv = await anon(`/registry.csv?unitId=${w.commune.id}`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(3);
    expect(text).toContain("Còn hiệu lực");
  });
});

describe("the certificate PDF", () => {
  it("prints Vietnamese and the stars, and its QR code leads to the verification page", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const res = await anon(`/c/${a.certificateId}/certificate.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = pdfText(bytes);
    expect(text).toContain("GIẤY CHỨNG NHẬN");
    expect(text).toMatch(/★★★/);
    expect(text).toContain("Còn hiệu lực");
    const [qr] = await decodePdfPages(bytes, 200);
    expect(qr).toBe(`https://ocop.test/c/${a.certificateId}`);

    const annex = await anon(`/decisions/${a.decision.id}/annex.pdf`);
    expect(annex.status).toBe(200);
    expect(pdfText(new Uint8Array(await annex.arrayBuffer()))).toContain("PHỤ LỤC");
  });
});

describe("after the administrative reform", () => {
  it("keeps the old district's name as it was, with today's commune beside it", async () => {
    const w = await reformEval(t);
    const district = await createUnit(t.database.db, { level: "district", parent: w.province, name: "Huyện Vũ Quang" });
    const old = await createUnit(t.database.db, { level: "commune", parent: district, name: "Xã Hương Minh" });
    const producer = await createProducer(t.database.db, old);
    const world = { ...w, commune: old, producer, communeOfficer: await person(t, ["commune_officer", old]), producerMember: await person(t, ["producer_member", producer]) };
    const a = await certified(t, world);
    // 1/7/2026 in this test: the district goes, the commune merges into a new one under the province.
    const merged = await createUnit(t.database.db, { level: "commune", parent: w.province, name: "Xã Vũ Quang", validFrom: "2026-07-01" });
    await t.database.db.update(adminUnits).set({ validTo: "2026-07-01" }).where(eq(adminUnits.id, old.id));
    await t.database.db.update(adminUnits).set({ validTo: "2026-07-01" }).where(eq(adminUnits.id, district.id));
    await t.database.db.insert(adminUnitSuccessions).values({ predecessorId: old.id, successorId: merged.id, effectiveDate: "2026-07-01", legalBasis: "Nghị quyết sắp xếp đơn vị hành chính cấp xã (thử)" });
    t.clock.set("2026-08-01T03:00:00Z");
    const json = await (await anon(`/c/${a.certificateId}`, "application/json")).json();
    expect(json.place).toMatchObject({ commune: "Xã Hương Minh", district: "Huyện Vũ Quang", communeToday: "Xã Vũ Quang" });
    const html = await (await anon(`/c/${a.certificateId}`)).text();
    expect(html).toContain("Huyện Vũ Quang");
    expect(html).toContain("Nay thuộc");
    expect(json.status).toBe("valid");
  });
});

describe("watching a certificate", () => {
  it("sends a signed webhook when the certificate is revoked", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const shop = await createRetailPoint(t.database.db, w.commune);
      const operator = await person(t, ["retail_operator", shop]);
      const port = (server.address() as AddressInfo).port;
      const sub = await ok(operator.api("POST", "/api/watch/subscriptions", { url: `http://127.0.0.1:${port}/hook`, certificateIds: [a.certificateId] }), 201);
      await ok(w.office.api("POST", `/api/certificates/${a.certificateId}/revocation`, { ground: "mark_misuse", effectiveOn: DECIDED_ON, decisionNumber: "9/QĐ-UBND", authorityName: "Ủy ban nhân dân tỉnh Hà Tĩnh", reason: "Dùng nhãn OCOP cho sản phẩm khác" }), 201);
      const sent = await deliverDue({ db: t.database.db, now: t.clock.now(), allowPrivate: true });
      expect(sent.delivered).toBe(1);
      expect(received).toHaveLength(1);
      const body = JSON.parse(received[0]!.body);
      expect(body).toMatchObject({ type: "certificate.status_changed", certificateId: a.certificateId, status: "revoked", previousStatus: "valid" });
      expect(verify(sub.secret, received[0]!.headers as Record<string, string>, received[0]!.body, t.clock.now())).toBe(true);
    } finally {
      server.close();
    }
  });
});
