import { eq, inArray } from "drizzle-orm";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/modules/accounts/schema.js";
import { roundResults } from "../../src/modules/evaluation/schema.js";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { DURING, VERSION, assign, council, createProduct, openRound, proposedDossier, reformEval, sheetFor, submit, type Person } from "./support.js";

/*
 * The council's outputs: the minutes and a member's sheet as PDF, printed from the stored record with the
 * finalising audit record's hash. The PDFs are read back with pdf.js, so the assertions see the text a reader
 * would copy out of the file (Vietnamese diacritics and ★ included, which the embedded DejaVu font carries).
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(DURING);
});
afterAll(() => t.close());

async function fetchPdf(who: Person, path: string) {
  return t.app.request(path, { headers: who.headers });
}

/** The PDF's text, lines joined by spaces and runs of whitespace collapsed (a long line may wrap anywhere). */
async function pdfText(res: Response): Promise<string> {
  expect(res.status, res.status === 200 ? "" : await res.clone().text()).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/pdf");
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
  const pdf = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  const out: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    for (const item of content.items) if ("str" in item) out.push(item.str, item.hasEOL ? " " : "");
  }
  await pdf.destroy();
  return out.join("").replace(/\s+/g, " ");
}

const nameOf = async (ids: string[]) => new Map((await t.database.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u.name]));

describe("council minutes and score sheets as PDF", () => {
  it("prints the minutes of a final result with the audit hash, and each member's sheet", async () => {
    const w = await reformEval(t);
    const productId = await createProduct(t, w.commune, w.producer.id, null);
    const d = await proposedDossier(w, productId);
    const c = await council(t, w.province, 4);
    const round = await openRound(w.office, w.province.id, "province", c);
    const rdId = await assign(w.office, round.id, d.id);
    const base = `/api/rounds/${round.id}/dossiers/${rdId}`;

    // The fourth member declares a conflict; the chair waives it; the member does not score (3 of 4 make quorum).
    const late = c.seats[3]!;
    await ok(late.api("POST", `${base}/conflicts`, { reason: "Họ hàng với chủ thể" }), 201);
    const declared = await ok(c.chair.api("GET", `${base}/conflicts`));
    await ok(c.chair.api("POST", `${base}/conflicts/${declared.items[0].id}/waiver`, { reason: "Quan hệ xa, không ảnh hưởng" }));

    const targets = [63, 64, 64];
    for (const [i, target] of targets.entries()) await ok(submit(c.seats[i]!, round.id, rdId, target));
    expect(targets.map((n) => sheetFor(n).total)).toEqual(targets);

    // No minutes before the chair finalises.
    expect((await fetchPdf(w.office, `${base}/minutes.pdf`)).status).toBe(409);
    expect((await fetchPdf(c.chair, `${base}/minutes.pdf`)).status).toBe(409);

    const final = await ok(c.chair.api("POST", `${base}/finalise`, {}));
    expect(final).toMatchObject({ final: true, auditHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const [stored] = await t.database.db.select().from(roundResults).where(eq(roundResults.roundDossierId, rdId));
    expect(stored).toMatchObject({ auditHash: final.auditHash, stars: 3 });

    const product = await ok(w.producerMember.api("GET", `/api/dossiers/${d.id}`));
    const names = await nameOf([...c.seats.map((s) => s.userId), c.secretary.userId]);
    const text = await pdfText(await fetchPdf(c.secretary, `${base}/minutes.pdf`));
    expect(text).toContain("BIÊN BẢN HỌP HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP");
    expect(text).toContain("Cấp đánh giá: Hội đồng cấp tỉnh");
    expect(text).toContain("Thành phần Hội đồng");
    expect(text).toContain("Cộng hoà xã hội chủ nghĩa Việt Nam".toUpperCase());
    expect(text).toContain(product.productName);
    expect(product.productName).toMatch(/^Bánh đa vừng /);
    expect(text).toContain(product.productCode);
    expect(text).toContain(VERSION);
    for (const s of [...c.seats, c.secretary]) expect(text).toContain(names.get(s.userId)!);
    expect(text).toContain("Họ hàng với chủ thể");
    expect(text).toContain("Quan hệ xa, không ảnh hưởng");
    for (const [i, target] of targets.entries()) expect(text).toContain(`${names.get(c.seats[i]!.userId)} (${i === 0 ? "Chủ tịch Hội đồng" : "Thành viên"}): ${target} điểm`);
    // (63 + 64 + 64) / 3, truncated at the hundredth, as Vietnamese writes it.
    expect(stored!.officialScore).toBe(63.66);
    expect(text).toContain("Điểm chính thức (trung bình cộng): 63,66 điểm");
    expect(text).toContain("Trung vị: 64 điểm");
    expect(text).toContain("Chênh lệch cao nhất – thấp nhất: 1 điểm");
    expect(text).toContain("Túc số: 3/4");
    expect(text).toContain("★★★ (3 sao — ba sao)");
    expect(text).not.toContain("★★★★");
    expect(text).toContain("Không chuyển cấp");
    expect(text).toContain(`Mã kiểm chứng nhật ký (SHA-256): ${final.auditHash} (#${stored!.auditSeq})`);

    // Every seat of the council and the office may read the minutes; nobody else sees the dossier at all.
    for (const who of [w.office, c.chair, c.seats[1]!, late]) expect((await fetchPdf(who, `${base}/minutes.pdf`)).status).toBe(200);
    const outsider = (await council(t, w.province, 1)).chair;
    expect((await fetchPdf(outsider, `${base}/minutes.pdf`)).status).toBe(404);
    expect((await fetchPdf(w.producerMember, `${base}/minutes.pdf`)).status).toBe(404);
    expect((await t.app.request(`${base}/minutes.pdf`)).status).toBe(401);

    // A member's sheet: each item's option and points, the notes, the total; the same hash.
    const sheets = await ok(c.chair.api("GET", `${base}/sheets`));
    const member = sheets.items.find((s: any) => s.userId === c.seats[1]!.userId);
    const sheetText = await pdfText(await fetchPdf(c.chair, `${base}/sheets/${member.id}.pdf`));
    expect(sheetText).toContain("PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP");
    expect(sheetText).toContain(names.get(c.seats[1]!.userId)!);
    expect(sheetText).toContain(product.productName);
    expect(sheetText).toContain(`phiên bản ${VERSION}`);
    expect(sheetText).toContain("TỔNG ĐIỂM: 64 điểm");
    expect(sheetText).toContain(`Cộng phần A: ${String(member.partTotals.A).replace(".", ",")} điểm`);
    const [noted, note] = Object.entries(sheetFor(64).notes)[0]!;
    expect(sheetText).toContain(`Ghi chú: ${note}`);
    expect(sheetText).toContain(`${noted}.`);
    expect(sheetText).toContain(`Mã kiểm chứng nhật ký (SHA-256): ${final.auditHash} (#${stored!.auditSeq})`);
    expect((await fetchPdf(outsider, `${base}/sheets/${member.id}.pdf`)).status).toBe(404);
    expect((await fetchPdf(c.chair, `${base}/sheets/999999.pdf`)).status).toBe(404);
  });

  it("keeps other members' sheets from a member who has not submitted (before the result is final)", async () => {
    const w = await reformEval(t);
    const d = await proposedDossier(w, await createProduct(t, w.commune, w.producer.id, null));
    const c = await council(t, w.province, 3);
    const round = await openRound(w.office, w.province.id, "province", c);
    const rdId = await assign(w.office, round.id, d.id);
    const base = `/api/rounds/${round.id}/dossiers/${rdId}`;
    const first = await ok(submit(c.seats[0]!, round.id, rdId, 64));
    expect((await fetchPdf(c.seats[1]!, `${base}/sheets/${first.id}.pdf`)).status).toBe(409);
    // The owner prints their own sheet at once; no result yet, so no audit hash.
    const own = await pdfText(await fetchPdf(c.seats[0]!, `${base}/sheets/${first.id}.pdf`));
    expect(own).toContain("TỔNG ĐIỂM: 64 điểm");
    expect(own).toContain("Kết quả chưa chốt");
    expect((await fetchPdf(c.secretary, `${base}/minutes.pdf`)).status).toBe(409);
  });
});
