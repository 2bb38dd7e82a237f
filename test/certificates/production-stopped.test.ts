import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { createUnit } from "../support/fixtures.js";
import { person, reformEval } from "../evaluation/support.js";
import { adminUnitSuccessions } from "../../src/modules/units/schema.js";
import { producers } from "../../src/modules/producers/schema.js";
import { certified, freshPeople, inspectionProposingRevocation } from "./support.js";

/*
 * Ground đ of Art. 8.1 QĐ 26/2026 ("Chủ thể OCOP không còn hoạt động sản xuất sản phẩm OCOP") rests on the
 * commune's confirmation: Art. 8.4 counts the revocation's 15 days from "xác nhận của UBND cấp xã về chủ thể
 * OCOP không còn sản xuất sản phẩm OCOP". The producer's commune records it; the revocation cites it.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const revoke = (effectiveOn: string) => ({ ground: "production_stopped", effectiveOn, decisionNumber: "61/QĐ-UBND", authorityName: "Ủy ban nhân dân tỉnh Hà Tĩnh", reason: "Chủ thể đã ngừng sản xuất sản phẩm" });
const confirmation = (confirmedOn: string) => ({ documentNumber: "15/XN-UBND", confirmedOn, statement: "HTX đã ngừng sản xuất sản phẩm từ tháng 12/2026." });

describe("revocation on ground đ", () => {
  it("is refused until the producer's commune confirms it stopped producing, then cites that confirmation", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    t.clock.set("2027-01-20T03:00:00Z");
    const p = await freshPeople(t, w);
    const base = `/api/certificates/${a.certificateId}`;

    // Nothing on file: the refusal says what ground đ needs. An inspection proposing revocation is no substitute.
    const bare = await p.office.api("POST", `${base}/revocation`, revoke("2027-01-20"));
    expect(bare.status).toBe(409);
    expect(bare.body.code).toBe("revocation-evidence-missing");
    expect(bare.body.i18n.vi.detail).toContain("Điều 8 khoản 1 điểm đ cần xác nhận của UBND cấp xã về việc chủ thể OCOP không còn sản xuất sản phẩm OCOP (Điều 8 khoản 4)");
    expect(bare.body.i18n.en.detail).toContain("no commune confirmation is on file");
    await inspectionProposingRevocation(t, w, a.certificateId, "2027-01-15");
    expect((await p.office.api("POST", `${base}/revocation`, revoke("2027-01-20"))).status).toBe(409);

    // Only the commune where the producer lies confirms: not the office, the producer, or another commune.
    const elsewhere = await person(t, ["commune_officer", await createUnit(t.database.db, { level: "commune", parent: w.province })]);
    for (const who of [p.office, p.producerMember, elsewhere]) expect((await who.api("POST", `${base}/commune-confirmations`, confirmation("2027-01-18"))).status).toBe(403);
    // The confirmation is dated: not in the future, not before the recognition; its fields are required.
    expect((await p.communeOfficer.api("POST", `${base}/commune-confirmations`, confirmation("2027-01-21"))).status).toBe(400);
    expect((await p.communeOfficer.api("POST", `${base}/commune-confirmations`, confirmation("2026-01-01"))).status).toBe(400);
    expect((await p.communeOfficer.api("POST", `${base}/commune-confirmations`, { confirmedOn: "2027-01-18" })).status).toBe(400);
    const c = await ok(p.communeOfficer.api("POST", `${base}/commune-confirmations`, confirmation("2027-01-18")), 201);
    expect(c).toMatchObject({ communeId: w.commune.id, documentNumber: "15/XN-UBND", confirmedOn: "2027-01-18" });
    expect((await ok(p.office.api("GET", `${base}/commune-confirmations`))).items).toHaveLength(1);
    expect((await p.producerMember.api("GET", `${base}/commune-confirmations`)).status).toBe(403);

    // A revocation taking effect before the commune confirmed has nothing to rest on; on or after, it does.
    const early = await p.office.api("POST", `${base}/revocation`, revoke("2027-01-17"));
    expect(early.status).toBe(409);
    expect(early.body.i18n.vi.detail).toContain("xác nhận số 15/XN-UBND ngày 18/01/2027 sau ngày 17/01/2027 (ngày thu hồi có hiệu lực)");
    await ok(p.office.api("POST", `${base}/revocation`, revoke("2027-01-18")), 201);
    const audit = await ok(p.office.api("GET", `/api/audit?subjectType=certificate&subjectId=${a.certificateId}&action=certificate.revoke`));
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].after).toMatchObject({ evidence: "commune_confirmation", confirmationId: c.id });
    expect((await ok(p.office.api("GET", "/api/audit/verify"))).ok).toBe(true);
  });

  it("for a producer still recorded in a commune the 2025 reform merged, is confirmed by the successor commune", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const db = t.database.db;
    // The producer's record still points at a former commune, ended on 1 July 2025 and merged into w.commune.
    const former = await createUnit(db, { level: "commune", parent: w.province, validFrom: "2010-01-01", validTo: "2025-07-01" });
    await db.insert(adminUnitSuccessions).values({ predecessorId: former.id, successorId: w.commune.id, effectiveDate: "2025-07-01", legalBasis: "NQ 1665/NQ-UBTVQH15 (thử)" });
    await db.update(producers).set({ communeId: former.id }).where(eq(producers.id, w.producer.id));
    t.clock.set("2027-02-10T03:00:00Z");
    const p = await freshPeople(t, w);
    const base = `/api/certificates/${a.certificateId}`;
    const c = await ok(p.communeOfficer.api("POST", `${base}/commune-confirmations`, confirmation("2027-02-09")), 201);
    expect(c.communeId).toBe(w.commune.id);
    await ok(p.office.api("POST", `${base}/revocation`, revoke("2027-02-10")), 201);
  });
});
