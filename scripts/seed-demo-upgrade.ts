import { and, eq } from "drizzle-orm";
import { loadPrincipal } from "../src/auth/principal.js";
import type { Principal } from "../src/domain/principal.js";
import type { Db } from "../src/db/client.js";
import { daysBetween } from "../src/domain/dossier-documents.js";
import { vnToday } from "../src/lib/dates.js";
import type { ServiceCtx } from "../src/http/service-ctx.js";
import { users } from "../src/modules/accounts/schema.js";
import { audit } from "../src/modules/audit/index.js";
import { issueDecision } from "../src/modules/certificates/services/decisions.js";
import { actOnDossier, createDossier, reviewDossier, saveSelfScore, saveSelfScoreChanges } from "../src/modules/evaluation/services/dossiers.js";
import { addEvidence } from "../src/modules/evaluation/services/evidence.js";
import { finalise } from "../src/modules/evaluation/services/results.js";
import { assignDossiers, createRound, setCouncil } from "../src/modules/evaluation/services/rounds.js";
import { submitSheet } from "../src/modules/evaluation/services/scoring.js";
import { producers } from "../src/modules/producers/schema.js";
import { products } from "../src/modules/products/schema.js";
import { adminUnits } from "../src/modules/units/schema.js";
import { choicesFor } from "./seed-demo-stamps.js";

/*
 * Issue 18's demo: "Mứt vỏ bưởi Phúc Trạch" of HTX Bưởi Phúc Trạch was recognised 3★ some months ago on a dossier
 * holding its food-safety certificate (ending within 60 days of today: the daily job's notices reach
 * `htx.buoiphuctrach` and `vanphong.tinh`, and the office's certificate page lists it), its trademark certificate
 * and a linkage contract. Today the producer files the upgrade to 4★: the dossier starts pre-filled from the
 * certified one, the producer changed only the items it improved and added a VietGAP certificate; the commune
 * proposed it and the office put it in the open province round, where `hoidong.tinh` sees the changes against
 * the last result. Through the services, like the rest of the demo.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NAME = "Mứt vỏ bưởi Phúc Trạch (demo)";
const SET = 7;

const pdf = (title: string) => new TextEncoder().encode(`%PDF-1.4\n% ${title} (demo)\n%%EOF\n`);

export async function seedUpgradeDemo(db: Db, opts: { now: Date; roundId: number | null }): Promise<{ dossierId: number; certificateId: number } | null> {
  const principalOf = async (username: string): Promise<Principal | null> => {
    const [u] = await db.select().from(users).where(eq(users.username, username));
    return u ? loadPrincipal(db, u, vnToday(opts.now)) : null;
  };
  const member = await principalOf("htx.buoiphuctrach");
  const commune = await principalOf("canbo.phuctrach");
  const office = await principalOf("vanphong.tinh");
  const chair = await principalOf("hoidong.tinh");
  const pg = member?.grants.find((g) => g.role === "producer_member")?.producerId;
  if (!member || !commune || !office || !chair || !pg) return null;
  const [producer] = await db.select().from(producers).where(eq(producers.id, pg)).limit(1);
  const [unit] = await db.select().from(adminUnits).where(eq(adminUnits.id, producer!.communeId)).limit(1);
  const [province] = await db.select().from(adminUnits).where(and(eq(adminUnits.level, "province"), eq(adminUnits.code, "42"))).limit(1);
  if (!unit || !province) return null;

  // The first evaluation ran on one day some months back, after QĐ 26/2026 took effect (its rubric is needed).
  const today = vnToday(opts.now);
  const back = Math.max(2, Math.min(150, daysBetween("2026-05-25", today)));
  const day = vnToday(new Date(opts.now.getTime() - back * DAY));
  const at = (hour: number) => new Date(Date.parse(`${day}T01:00:00Z`) + hour * HOUR);
  const ctx = (p: Principal, when: Date): ServiceCtx => ({ db, principal: p, now: when, requestId: "seed-demo" });
  const year = Number(day.slice(0, 4));
  // A product recognised before its cycle was kept here (no cycle), as products imported from the old software are.
  const product = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(products)
      .values({ producerId: producer!.id, communeId: unit.id, cycleId: null, name: NAME, criteriaSetId: SET, code: `42-${unit.code}-090-${year}`, codeProvince: "42", codeCommune: unit.code, codeSerial: 90, codeYear: year, createdAt: at(0) })
      .returning();
    await audit(tx, ctx(office, at(0)), { action: "product.create", subjectType: "product", subjectId: row!.id, after: { name: row!.name, code: row!.code, criteriaSetId: SET, producerId: row!.producerId } });
    return row;
  });

  const attpEnds = vnToday(new Date(opts.now.getTime() + 45 * DAY));
  const reg = { representativeName: "Trần Thị Bưởi", representativePosition: "Giám đốc HTX", phone: "0912000111", sampleCount: 5 };
  const d = await createDossier({ ctx: ctx(member, at(0)), input: { productId: product!.id, kind: "first", ...reg } });
  const self = choicesFor(d.rubricVersion, SET, 62, "Chưa đạt mức tối đa (demo)");
  await saveSelfScore({ ctx: ctx(member, at(0)), input: { dossierId: d.id, choices: self.choices, notes: self.notes } });
  const file = (name: string) => ({ name, bytes: pdf(name), claimedType: "application/pdf" });
  const [i1, i2, i3] = self.items.map((i) => i.id);
  await addEvidence({ ctx: ctx(member, at(0)), input: { dossierId: d.id, criterionId: i1!, kind: "food_safety_certificate", validFrom: vnToday(new Date(opts.now.getTime() - 1050 * DAY)), validUntil: attpEnds, note: "Giấy chứng nhận cơ sở đủ điều kiện ATTP", file: file("gcn-attp-mut-vo-buoi.pdf") } });
  await addEvidence({ ctx: ctx(member, at(0)), input: { dossierId: d.id, criterionId: i2!, kind: "trademark_certificate", validFrom: "2021-03-01", validUntil: "2031-02-28", file: file("gcn-nhan-hieu-buoi-phuc-trach.pdf") } });
  await addEvidence({ ctx: ctx(member, at(0)), input: { dossierId: d.id, criterionId: i3!, kind: "linkage_contract", validFrom: `${year}-01-01`, validUntil: `${year + 2}-12-31`, file: file("hop-dong-lien-ket-vo-buoi.pdf") } });
  await actOnDossier({ ctx: ctx(member, at(1)), input: { dossierId: d.id, action: "submit" } });
  const review = { localRawMaterials: "Vỏ bưởi Phúc Trạch của xã viên, 100%", localLabour: "12 lao động địa phương", ideaOrigin: "Món mứt truyền thống ngày Tết", localIdentity: "Gắn với bưởi Phúc Trạch", opinion: "Đề nghị đánh giá, phân hạng" };
  await reviewDossier({ ctx: ctx(commune, at(2)), input: { dossierId: d.id, ...review } });
  await actOnDossier({ ctx: ctx(commune, at(2)), input: { dossierId: d.id, action: "propose" } });
  const round = await createRound({
    ctx: ctx(office, at(3)),
    input: { unitId: province.id, level: "province", name: `Đợt đánh giá ngày ${day.split("-").reverse().join("/")} (demo)`, opensOn: day, closesOn: day, rubricVersion: d.rubricVersion, quorum: { numerator: 3, denominator: 4 }, divergenceLimit: 10, bandEdge: 1 },
  });
  await setCouncil({ ctx: ctx(office, at(3)), input: { roundId: round.id, members: [{ userId: chair.userId, role: "chair" }] } });
  const [rd] = await assignDossiers({ ctx: ctx(office, at(3)), input: { roundId: round.id, dossierIds: [d.id] } });
  const sheet = choicesFor(d.rubricVersion, SET, 63, "Cần hoàn thiện thêm (demo)");
  await submitSheet({ ctx: ctx(chair, at(5)), input: { roundId: round.id, rdId: rd!.id, choices: sheet.choices, notes: sheet.notes, evidence: {} } });
  await finalise({ ctx: ctx(chair, at(6)), input: { roundId: round.id, rdId: rd!.id } });
  const decision = await issueDecision({
    ctx: ctx(office, at(8)),
    input: { unitId: province.id, number: `${900 + (year % 100)}/QĐ-UBND`, decidedOn: day, authorityLevel: "province", authorityName: "Ủy ban nhân dân tỉnh Hà Tĩnh", signerName: "Nguyễn Hồng Lĩnh", signerTitle: "Phó Chủ tịch", roundDossierIds: [rd!.id] },
  });

  // Today: the upgrade, pre-filled; the producer re-sends only the items it improved and adds a VietGAP certificate.
  const now = (hoursAgo: number) => new Date(opts.now.getTime() - hoursAgo * HOUR);
  const up = await createDossier({ ctx: ctx(member, now(5)), input: { productId: product!.id, kind: "upgrade", ...reg, changes: "Bao bì hộp giấy mới in mã QR; vùng nguyên liệu đạt VietGAP; mở rộng thị trường sang chuỗi siêu thị." } });
  const best = choicesFor(d.rubricVersion, SET, 100);
  const improved = Object.keys(self.notes).slice(0, 4);
  await saveSelfScoreChanges({ ctx: ctx(member, now(5)), input: { dossierId: up.id, choices: Object.fromEntries(improved.map((id) => [id, best.choices[id]!])), notes: Object.fromEntries(improved.map((id) => [id, ""])) } });
  await addEvidence({ ctx: ctx(member, now(4)), input: { dossierId: up.id, criterionId: improved[0] ?? i1!, kind: "quality_management_certificate", validFrom: vnToday(now(24 * 30)), validUntil: vnToday(new Date(opts.now.getTime() + 3 * 365 * DAY)), note: "Chứng nhận VietGAP vùng nguyên liệu", file: file("chung-nhan-vietgap.pdf") } });
  await actOnDossier({ ctx: ctx(member, now(3)), input: { dossierId: up.id, action: "submit" } });
  await reviewDossier({ ctx: ctx(commune, now(2)), input: { dossierId: up.id, ...review, opinion: "Đề nghị đánh giá nâng hạng" } });
  await actOnDossier({ ctx: ctx(commune, now(2)), input: { dossierId: up.id, action: "propose" } });
  if (opts.roundId) await assignDossiers({ ctx: ctx(office, now(1)), input: { roundId: opts.roundId, dossierIds: [up.id] } });
  return { dossierId: up.id, certificateId: decision.certificateIds[0]! };
}
