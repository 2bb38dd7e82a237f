import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanVerdict } from "../../src/domain/scan-verdict.js";
import { auditLog } from "../../src/modules/audit/schema.js";
import { stampSales } from "../../src/modules/stamps/schema.js";
import { certified } from "../certificates/support.js";
import { apiAs, ok } from "../cycle/support.js";
import { reformEval } from "../evaluation/support.js";
import { createRetailPoint, csrfFieldIn, formBody, formHeaders, grant, signedInUser, type TestRetailPoint } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { codesOf, lot, scan } from "../stamps/support.js";

/*
 * Issue 18, "sold" at the till: a point of sale marks a stamp sold as it sells the pack (optional); a later
 * consumer scan says "sold at … on …", so a genuine stamp reused on a refilled pack shows (CheckVN's "đã bán").
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function operatorOf(point: TestRetailPoint) {
  const { session } = await signedInUser(t.app, t.database.db, [grant("retail_operator", point)]);
  return { api: apiAs(t, session), session };
}

/** A certified product's batch of 5 stamps, the first 4 activated on a lot, the 5th left bare. */
async function stampsOnShelf() {
  const w = await reformEval(t);
  const cert = await certified(t, w);
  const batch = await ok(w.office.api("POST", "/api/stamp-batches", { productId: cert.productId, quantity: 5 }), 201);
  await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, fromSeq: 1, toSeq: 4, lot }));
  return { w, codes: await codesOf(t, batch.id) };
}

describe("the verdict rule", () => {
  it("puts a sale after what is wrong with the stamp, the certificate and the scan pattern, before 'genuine'", () => {
    const base = { known: true as const, voided: false, activated: true, certificateStatus: "valid" as const, previousScans: 0, firstScanAt: null, scannersLastDay: 1, placesLastDay: 1 };
    const soldAt = new Date("2026-06-01T03:00:00Z");
    expect(scanVerdict({ ...base, soldAt })).toBe("sold");
    expect(scanVerdict({ ...base, soldAt: null })).toBe("genuine_first");
    expect(scanVerdict({ ...base, soldAt, voided: true })).toBe("void");
    expect(scanVerdict({ ...base, soldAt, certificateStatus: "revoked" })).toBe("certificate_revoked");
    expect(scanVerdict({ ...base, soldAt, placesLastDay: 3 })).toBe("suspicious");
  });
});

describe("selling at the till", () => {
  it("marks a stamp sold once, and the consumer's scan then names the point and the day", async () => {
    const { w, codes } = await stampsOnShelf();
    const point = await createRetailPoint(t.database.db, w.commune);
    const op = await operatorOf(point);
    const code = codes[0]!;
    expect(JSON.parse((await scan(t, code, { json: true })).text).verdict).toBe("genuine_first");

    // Through the till's page: the verify page offers the button, the post marks it and comes back.
    const verify = await t.app.request(`/retail/verify?code=${code}`, { headers: { cookie: op.session.cookie } });
    const html = await verify.text();
    expect(html).toContain('action="/retail/verify/sell"');
    const res = await t.app.request("/retail/verify/sell", { method: "POST", headers: formHeaders(op.session), body: formBody({ _csrf: csrfFieldIn(html)!, code, retailPointId: String(point.id) }) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("done=sold");
    const [row] = await t.database.db.select().from(stampSales);
    expect(row).toMatchObject({ retailPointId: point.id });
    const [audited] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, "stamps.sell"));
    expect(audited).toBeTruthy();

    // The next consumer scan (the cache forgot the batch) says where and when.
    const after = JSON.parse((await scan(t, code, { json: true })).text);
    expect(after.verdict).toBe("sold");
    expect(after.sold.by).toBe(point.name);
    expect(after.advice.vi).toContain(point.name);
    expect(after.advice.vi).toMatch(/ngày \d{2}\/\d{2}\/\d{4}/);
    const page = (await scan(t, code, {})).text;
    expect(page).toContain("Tem chính hãng — sản phẩm đã được bán ra");
    // The page no longer offers the button for it.
    expect(await (await t.app.request(`/retail/verify?code=${code}`, { headers: { cookie: op.session.cookie } })).text()).not.toContain('action="/retail/verify/sell"');

    // Selling it again at the same point answers the same; another point is told of the first sale.
    expect((await op.api("POST", `/api/retail/${point.id}/sales`, { code })).status).toBe(200);
    const other = await createRetailPoint(t.database.db, w.commune);
    const op2 = await operatorOf(other);
    const refused = await op2.api("POST", `/api/retail/${other.id}/sales`, { code });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain(point.name);
    expect(await t.database.db.select().from(stampSales)).toHaveLength(1);
  });

  it("refuses a void, a bare or a forged stamp, another point's till, and a visitor", async () => {
    const { w, codes } = await stampsOnShelf();
    const point = await createRetailPoint(t.database.db, w.commune);
    const op = await operatorOf(point);
    await ok(w.producerMember.api("POST", "/api/stamps/void", { code: codes[1], reason: "Mất cuộn tem" }));
    expect((await op.api("POST", `/api/retail/${point.id}/sales`, { code: codes[1] })).status).toBe(409);
    expect((await op.api("POST", `/api/retail/${point.id}/sales`, { code: codes[4] })).status).toBe(409);
    expect((await op.api("POST", `/api/retail/${point.id}/sales`, { code: "ABCD-1234" })).status).toBe(400);
    expect((await op.api("POST", `/api/retail/${point.id}/sales`, {})).status).toBe(400);
    const other = await createRetailPoint(t.database.db, w.commune);
    expect((await op.api("POST", `/api/retail/${other.id}/sales`, { code: codes[2] })).status).toBe(403);
    expect((await w.producerMember.api("POST", `/api/retail/${point.id}/sales`, { code: codes[2] })).status).toBe(403);
    const anon = await t.app.request(`/api/retail/${point.id}/sales`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code: codes[2] }) });
    expect([401, 403]).toContain(anon.status);
    expect(JSON.parse((await scan(t, codes[2]!, { json: true })).text).verdict).toBe("genuine_first");
  });
});
