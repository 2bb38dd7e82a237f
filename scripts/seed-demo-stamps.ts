import { and, desc, eq } from "drizzle-orm";
import { loadPrincipal } from "../src/auth/principal.js";
import type { Principal } from "../src/domain/principal.js";
import type { Db } from "../src/db/client.js";
import { encodeStampCode, stampUrl } from "../src/domain/stamp-code.js";
import { vnToday } from "../src/lib/dates.js";
import type { ServiceCtx } from "../src/http/service-ctx.js";
import { users } from "../src/modules/accounts/schema.js";
import { issueDecision } from "../src/modules/certificates/services/decisions.js";
import { actOnDossier, createDossier, reviewDossier, saveSelfScore } from "../src/modules/evaluation/services/dossiers.js";
import { finalise } from "../src/modules/evaluation/services/results.js";
import { assignDossiers, createRound, setCouncil } from "../src/modules/evaluation/services/rounds.js";
import { submitSheet } from "../src/modules/evaluation/services/scoring.js";
import { products } from "../src/modules/products/schema.js";
import { retailPoints, retailStock } from "../src/modules/retail/schema.js";
import { loadRubric } from "../src/modules/rubrics/queries.js";
import { scoredItems } from "../src/domain/rubric.js";
import { issueBatch } from "../src/modules/stamps/services/batches.js";
import { activateStamps, sellStamp, voidStamps } from "../src/modules/stamps/services/lifecycle.js";
import { stamps } from "../src/modules/stamps/schema.js";
import { adminUnits } from "../src/modules/units/schema.js";

/*
 * The demo's certified product and its stamps, made through the services like everything else in the demo:
 * this year's approved product is filed (Mẫu 01–03), scored by the province council (`hoidong.tinh` in the
 * chair), recognised 4★ by today's decision, and given a batch of 60 stamps: 1–50 activated on a lot,
 * 51–55 voided as a lost roll, 56–60 not activated; the demo shop sold stamp 10 at its till. The start log prints a few scan URLs to try.
 */

const HOUR = 3_600_000;

/**
 * Options totalling about `target` points, star-marked items kept at their best (so 4★ minimums hold), with
 * `note` where points are withheld. The demo's other seeds (seed-demo-tasks.ts) use it too.
 */
export function choicesFor(version: string, setId: number, target: number, note = "Cần hoàn thiện thêm ở lần đánh giá sau") {
  const items = scoredItems(loadRubric(version, setId)).map(({ item }) => item);
  const choices: Record<string, string> = {};
  const notes: Record<string, string> = {};
  let total = 0;
  for (const it of items) {
    const best = it.options.reduce((a, b) => (b.points > a.points ? b : a));
    choices[it.id] = best.id;
    total += best.points;
  }
  for (const it of [...items].sort((a, b) => Number(a.options.some((o) => o.minStar)) - Number(b.options.some((o) => o.minStar)))) {
    if (total <= target) break;
    const current = it.options.find((o) => o.id === choices[it.id])!;
    const lower = it.options.filter((o) => o.points < current.points).sort((a, b) => b.points - a.points)[0];
    if (!lower) continue;
    total -= current.points - lower.points;
    choices[it.id] = lower.id;
    notes[it.id] = note;
  }
  return { choices, notes, items };
}

export async function seedStampsDemo(db: Db, opts: { now: Date; publicBaseUrl: string; stampKey: string }): Promise<{ certificateId: number; batchId: number; urls: string[] } | null> {
  const principalOf = async (username: string): Promise<Principal> => {
    const [u] = await db.select().from(users).where(eq(users.username, username));
    if (!u) throw new Error(`demo seed: no account ${username}`);
    return loadPrincipal(db, u, vnToday(opts.now));
  };
  const year = Number(vnToday(opts.now).slice(0, 4));
  const [product] = await db.select().from(products).where(eq(products.codeYear, year)).orderBy(desc(products.id)).limit(1);
  if (!product) return null;
  const [producerAccount] = await db.select({ username: users.username }).from(users).where(eq(users.username, "htx.buoiphuctrach"));
  if (!producerAccount) return null;
  const at = (hoursAgo: number): ServiceCtx["now"] => new Date(opts.now.getTime() - hoursAgo * HOUR);
  const ctx = (principal: Principal, hoursAgo: number): ServiceCtx => ({ db, principal, now: at(hoursAgo), requestId: "seed-demo" });
  const member = await principalOf("htx.buoiphuctrach");
  const commune = await principalOf("canbo.phuctrach");
  const office = await principalOf("vanphong.tinh");
  const chair = await principalOf("hoidong.tinh");

  const d = await createDossier({ ctx: ctx(member, 20), input: { productId: product.id, kind: "first", representativeName: "Trần Thị Bưởi", representativePosition: "Giám đốc HTX", phone: "0912000111", sampleCount: 5 } });
  await saveSelfScore({ ctx: ctx(member, 20), input: { dossierId: d.id, choices: choicesFor(d.rubricVersion, d.criteriaSetId, 80).choices, notes: {} } });
  await actOnDossier({ ctx: ctx(member, 19), input: { dossierId: d.id, action: "submit" } });
  await reviewDossier({
    ctx: ctx(commune, 18),
    input: { dossierId: d.id, localRawMaterials: "Bưởi trồng tại xã, 100%", localLabour: "25 lao động địa phương", ideaOrigin: "Giống bưởi Phúc Trạch bản địa", localIdentity: "Đặc sản gắn với vùng đất Hương Khê", opinion: "Đề nghị đánh giá, phân hạng" },
  });
  await actOnDossier({ ctx: ctx(commune, 17), input: { dossierId: d.id, action: "propose" } });

  const [province] = await db.select().from(adminUnits).where(and(eq(adminUnits.level, "province"), eq(adminUnits.code, "42"))).limit(1);
  const today = vnToday(opts.now);
  const round = await createRound({
    ctx: ctx(office, 16),
    input: { unitId: province!.id, level: "province", name: `Đợt đánh giá tháng ${Number(today.slice(5, 7))} năm ${year} (demo)`, opensOn: vnToday(at(16)), closesOn: today, rubricVersion: d.rubricVersion, quorum: { numerator: 3, denominator: 4 }, divergenceLimit: 10, bandEdge: 1 },
  });
  await setCouncil({ ctx: ctx(office, 16), input: { roundId: round.id, members: [{ userId: chair.userId, role: "chair" }] } });
  const [rd] = await assignDossiers({ ctx: ctx(office, 15), input: { roundId: round.id, dossierIds: [d.id] } });
  const sheet = choicesFor(d.rubricVersion, d.criteriaSetId, 78);
  await submitSheet({ ctx: ctx(chair, 10), input: { roundId: round.id, rdId: rd!.id, choices: sheet.choices, notes: sheet.notes, evidence: {} } });
  await finalise({ ctx: ctx(chair, 9), input: { roundId: round.id, rdId: rd!.id } });

  const decision = await issueDecision({
    ctx: ctx(office, 3),
    input: { unitId: province!.id, number: `${1000 + year % 100}/QĐ-UBND`, decidedOn: vnToday(at(3)), authorityLevel: "province", authorityName: "Ủy ban nhân dân tỉnh Hà Tĩnh", signerName: "Nguyễn Hồng Lĩnh", signerTitle: "Phó Chủ tịch", roundDossierIds: [rd!.id] },
  });
  const { batch } = await issueBatch({ ctx: ctx(office, 2), input: { productId: product.id, quantity: 60, note: "Lô tem demo" }, idempotencyKey: "demo-batch-1" });
  await activateStamps({ ctx: ctx(member, 1), input: { batchId: batch.id, fromSeq: 1, toSeq: 50, lot: { lotNumber: `PT-${year}-01`, producedOn: vnToday(at(24)), expiresOn: `${year + 1}${vnToday(at(24)).slice(4)}`, quantity: 50 } } });
  await voidStamps({ ctx: ctx(member, 1), input: { batchId: batch.id, fromSeq: 51, toSeq: 55, reason: "Cuộn tem bị thất lạc khi vận chuyển (demo)" }, stampKeys: [opts.stampKey] });

  // The demo shop stocks the product.
  const [shop] = await db.select({ id: retailPoints.id }).from(retailPoints).limit(1);
  if (shop) await db.insert(retailStock).values({ retailPointId: shop.id, productId: product.id, addedAt: at(1) }).onConflictDoNothing();

  const sample = await db.select({ serial: stamps.serial, seq: stamps.seq }).from(stamps).where(eq(stamps.batchId, batch.id)).orderBy(stamps.seq);
  // The shop sold the pack carrying stamp 10 at its till: scanning it says where and when (issue 18).
  if (shop) {
    const seller = await principalOf("diemban.thanhsen");
    await sellStamp({ ctx: ctx(seller, 1), input: { code: encodeStampCode(sample.find((s) => s.seq === 10)!.serial, opts.stampKey), retailPointId: shop.id }, stampKeys: [opts.stampKey] });
  }
  const urls = [1, 10, 51, 56].map((seq) => stampUrl(opts.publicBaseUrl, encodeStampCode(sample.find((s) => s.seq === seq)!.serial, opts.stampKey)));
  return { certificateId: decision.certificateIds[0]!, batchId: batch.id, urls };
}
