import { and, asc, eq } from "drizzle-orm";
import { choicesFor as choicesForSheet } from "./seed-demo-stamps.js";
import { loadPrincipal } from "../src/auth/principal.js";
import type { Principal } from "../src/domain/principal.js";
import type { Db } from "../src/db/client.js";
import { vnToday } from "../src/lib/dates.js";
import { FONT, newDocument } from "../src/lib/pdf/document.js";
import type { ServiceCtx } from "../src/http/service-ctx.js";
import { users } from "../src/modules/accounts/schema.js";
import { actOnDossier, createDossier, reviewDossier, saveSelfScore } from "../src/modules/evaluation/services/dossiers.js";
import { addEvidence } from "../src/modules/evaluation/services/evidence.js";
import { finalise } from "../src/modules/evaluation/services/results.js";
import { assignDossiers, createRound, setCouncil } from "../src/modules/evaluation/services/rounds.js";
import { saveSheet, submitSheet } from "../src/modules/evaluation/services/scoring.js";
import { products } from "../src/modules/products/schema.js";
import { retailPoints, retailStock } from "../src/modules/retail/schema.js";
import { adminUnits } from "../src/modules/units/schema.js";

/*
 * Work waiting today for the roles that would otherwise open an empty home (issue 16): two of the 2024 products
 * are filed for rating this year and put in a province round that stays open for a month.
 * - "Bưởi Phúc Trạch tươi": self-scored with explanations and a contract as evidence; `hoidong.tinh` has scored
 *   the first items and saved the sheet as a draft, the rest is left to score;
 * - "Cam Vũ Quang": scored and finalised by the council, its recognition decision waits for `vanphong.tinh`;
 * - the Thành Sen shop (`diemban.thanhsen`) stocks "Kẹo cu đơ truyền thống", which has no OCOP certificate: its
 *   stock page warns it.
 * Everything goes through the services (with their audit records), like the rest of the demo.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The tasks' withheld points say so (the stamps seed's sheets say something else). */
const TASK_NOTE = "Chưa đạt mức tối đa: cần hoàn thiện thêm (demo)";
const choicesFor = (version: string, setId: number, target: number) => choicesForSheet(version, setId, target, TASK_NOTE);

/** A one-page PDF standing in for a scanned contract, so the council's link opens a real document. */
async function contractPdf(title: string, lines: string[]): Promise<Uint8Array> {
  const doc = newDocument({ title });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  doc.font(FONT.bold).fontSize(14).text(title, { align: "center" }).moveDown();
  doc.font(FONT.regular).fontSize(11);
  for (const l of lines) doc.text(l).moveDown(0.5);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

export async function seedTasksDemo(db: Db, opts: { now: Date }): Promise<{ roundId: number; openSheet: string; pendingDecision: string } | null> {
  const principalOf = async (username: string): Promise<Principal> => {
    const [u] = await db.select().from(users).where(eq(users.username, username));
    if (!u) throw new Error(`demo seed: no account ${username}`);
    return loadPrincipal(db, u, vnToday(opts.now));
  };
  const at = (hoursAgo: number) => new Date(opts.now.getTime() - hoursAgo * HOUR);
  const ctx = (principal: Principal, hoursAgo: number): ServiceCtx => ({ db, principal, now: at(hoursAgo), requestId: "seed-demo" });
  const product = async (code: string) => (await db.select().from(products).where(eq(products.code, code)).limit(1))[0];
  const pomelo = await product("42-18547-001-2024");
  const orange = await product("42-18313-001-2024");
  const candy = await product("42-18073-001-2024");
  if (!pomelo || !orange || !candy) return null;

  const office = await principalOf("vanphong.tinh");
  const council = await principalOf("hoidong.tinh");
  const file = async (p: typeof pomelo, member: Principal, officer: Principal, self: { target: number; notes: (firstItem: string) => Record<string, string> }, representative: string) => {
    const d = await createDossier({ ctx: ctx(member, 8), input: { productId: p.id, kind: "first", representativeName: representative, representativePosition: "Giám đốc HTX", phone: "0912000222", sampleCount: 5 } });
    const s = choicesFor(d.rubricVersion, d.criteriaSetId, self.target);
    await saveSelfScore({ ctx: ctx(member, 8), input: { dossierId: d.id, choices: s.choices, notes: self.notes(s.items[0]!.id) } });
    return { d, member, items: s.items, submit: async () => {
      await actOnDossier({ ctx: ctx(member, 7), input: { dossierId: d.id, action: "submit" } });
      await reviewDossier({ ctx: ctx(officer, 6), input: { dossierId: d.id, localRawMaterials: "Nguyên liệu trồng tại xã", localLabour: "Lao động địa phương", ideaOrigin: "Đặc sản truyền thống của địa phương", localIdentity: "Gắn với vùng đất và người Hà Tĩnh", opinion: "Đề nghị đánh giá, phân hạng" } });
      await actOnDossier({ ctx: ctx(officer, 6), input: { dossierId: d.id, action: "propose" } });
    } };
  };

  // The pomelo: self-scored with explanations and a contract filed as evidence for the raw materials item.
  const pomeloFiled = await file(pomelo, await principalOf("htx.buoiphuctrach"), await principalOf("canbo.phuctrach"), { target: 76, notes: (id) => ({ [id]: "Bưởi của 40 hộ xã viên trong xã, có hợp đồng liên kết (kèm theo)" }) }, "Trần Thị Bưởi");
  const first = pomeloFiled.items[0]!.id;
  const pdf = await contractPdf("Hợp đồng liên kết vùng nguyên liệu (demo)", [
    "Bên A: HTX Bưởi Phúc Trạch (demo).",
    "Bên B: 40 hộ trồng bưởi Phúc Trạch tại xã Phúc Trạch, tỉnh Hà Tĩnh.",
    "Thời hạn: 3 năm. Diện tích: 25 ha. Sản lượng dự kiến: 300 tấn quả mỗi năm.",
    "Tài liệu minh họa cho dữ liệu mẫu, không có giá trị pháp lý.",
  ]);
  await addEvidence({ ctx: ctx(pomeloFiled.member, 8), input: { dossierId: pomeloFiled.d.id, criterionId: first, kind: "linkage_contract", note: "Hợp đồng liên kết 2026", file: { name: "hop-dong-lien-ket-vung-nguyen-lieu.pdf", bytes: pdf, claimedType: "application/pdf" } } });
  await pomeloFiled.submit();

  const orangeFiled = await file(orange, await principalOf("htx.camvuquang"), await principalOf("canbo.vuquang"), { target: 74, notes: () => ({}) }, "Trần Văn Bình");
  await orangeFiled.submit();

  // A province round open for a month from yesterday, `hoidong.tinh` in the chair.
  const [province] = await db.select().from(adminUnits).where(and(eq(adminUnits.level, "province"), eq(adminUnits.code, "42"))).limit(1);
  const year = Number(vnToday(opts.now).slice(0, 4));
  const round = await createRound({
    ctx: ctx(office, 5),
    input: { unitId: province!.id, level: "province", name: `Đợt đánh giá bổ sung năm ${year} (demo)`, opensOn: vnToday(at(24)), closesOn: vnToday(new Date(opts.now.getTime() + 30 * DAY)), rubricVersion: pomeloFiled.d.rubricVersion, quorum: { numerator: 3, denominator: 4 }, divergenceLimit: 10, bandEdge: 1 },
  });
  await setCouncil({ ctx: ctx(office, 5), input: { roundId: round.id, members: [{ userId: council.userId, role: "chair" }] } });
  const rds = await assignDossiers({ ctx: ctx(office, 4), input: { roundId: round.id, dossierIds: [orangeFiled.d.id, pomeloFiled.d.id] } });
  const rdOf = (dossierId: number) => rds.find((r) => r.dossierId === dossierId)!.id;

  // The orange: scored and finalised; the province's recognition decision is what waits.
  const orangeSheet = choicesFor(orangeFiled.d.rubricVersion, orangeFiled.d.criteriaSetId, 78);
  await submitSheet({ ctx: ctx(council, 3), input: { roundId: round.id, rdId: rdOf(orangeFiled.d.id), choices: orangeSheet.choices, notes: orangeSheet.notes, evidence: {} } });
  await finalise({ ctx: ctx(council, 2), input: { roundId: round.id, rdId: rdOf(orangeFiled.d.id) } });

  // The pomelo: the first twelve items scored and saved; the member goes on from there.
  const pomeloSheet = choicesFor(pomeloFiled.d.rubricVersion, pomeloFiled.d.criteriaSetId, 75);
  const firstTwelve = Object.fromEntries(Object.entries(pomeloSheet.choices).slice(0, 12));
  await saveSheet({
    ctx: ctx(council, 1),
    input: { roundId: round.id, rdId: rdOf(pomeloFiled.d.id), choices: firstTwelve, notes: Object.fromEntries(Object.entries(pomeloSheet.notes).filter(([k]) => k in firstTwelve)), evidence: { [first]: "Hợp đồng liên kết, trang 1" } },
  });

  // The shop stocks a product that has no OCOP certificate: its page warns it.
  const [shop] = await db.select({ id: retailPoints.id }).from(retailPoints).orderBy(asc(retailPoints.id)).limit(1);
  if (shop) await db.insert(retailStock).values({ retailPointId: shop.id, productId: candy.id, addedAt: at(1) }).onConflictDoNothing();

  return { roundId: round.id, openSheet: `/rounds/${round.id}/dossiers/${rdOf(pomeloFiled.d.id)}/sheet`, pendingDecision: "/certificates" };
}
