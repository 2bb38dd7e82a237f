import { randomBytes } from "node:crypto";
import { certificateEvents, certificates, recognitionDecisions } from "../../src/modules/certificates/schema.js";
import { cycles } from "../../src/modules/cycles/schema.js";
import { dossiers, evaluationRounds, roundDossiers, roundResults } from "../../src/modules/evaluation/schema.js";
import { productIdeas } from "../../src/modules/ideas/schema.js";
import { businessPlans } from "../../src/modules/plans/schema.js";
import { products } from "../../src/modules/products/schema.js";
import { fakeReports, stampBatches, stamps, stampScans } from "../../src/modules/stamps/schema.js";
import type { DbOrTx } from "../../src/db/client.js";
import { createProducer, type TestUnit } from "../support/fixtures.js";

/*
 * Rows for the dashboard's figures, written straight into the tables: the dashboard reads what the cycle,
 * evaluation, certification and stamp areas record, and these tests are about the counting, not those steps.
 * Every helper takes the dates it must fall on, so each test places its records inside or outside the year.
 */

const hex = () => randomBytes(4).toString("hex");
let serial = 1;
const producerOf = new Map<number, number>();

async function producerIn(db: DbOrTx, commune: TestUnit): Promise<number> {
  const had = producerOf.get(commune.id);
  if (had) return had;
  const p = await createProducer(db, commune);
  producerOf.set(commune.id, p.id);
  return p.id;
}

export async function cycle(db: DbOrTx, province: TestUnit, year: number): Promise<number> {
  const [c] = await db.insert(cycles).values({ provinceId: province.id, year, chain: "commune-province", deadlines: { registration: `${year}-03-31`, communeList: `${year}-04-15`, appraisal: `${year}-05-31`, planSubmission: `${year}-07-31` } as never }).returning({ id: cycles.id });
  return c!.id;
}

export async function product(db: DbOrTx, commune: TestUnit, o: { year: number; set?: number; name?: string }): Promise<number> {
  const n = serial++;
  const [row] = await db
    .insert(products)
    .values({ producerId: await producerIn(db, commune), communeId: commune.id, name: o.name ?? `Sản phẩm ${hex()}`, criteriaSetId: o.set ?? 6, code: `42-${commune.code}-${n}-${o.year}`, codeProvince: "42", codeCommune: commune.code, codeSerial: n, codeYear: o.year })
    .returning({ id: products.id });
  return row!.id;
}

let roundId: number | null = null;
async function provinceRound(db: DbOrTx, province: TestUnit, level: "province" | "central" = "province"): Promise<number> {
  const [r] = await db.insert(evaluationRounds).values({ unitId: province.id, level, name: `Đợt ${hex()}`, opensOn: "2020-01-01", closesOn: "2020-12-31", rubricVersion: "qd-26-2026" }).returning({ id: evaluationRounds.id });
  return r!.id;
}

export async function dossier(db: DbOrTx, productId: number, commune: TestUnit, o: { createdAt: string; state?: string }): Promise<number> {
  const [d] = await db
    .insert(dossiers)
    .values({ productId, producerId: await producerIn(db, commune), communeId: commune.id, chain: "commune-province", criteriaSetId: 6, rubricVersion: "qd-26-2026", kind: "first", state: (o.state ?? "decided") as never, representativeName: "Nguyễn Thị Hoa", representativePosition: "Giám đốc", phone: "0912345678", createdAt: new Date(o.createdAt), updatedAt: new Date(o.createdAt) })
    .returning({ id: dossiers.id });
  return d!.id;
}

/** A province (or central) result of a dossier, finalised on the day given. */
export async function result(db: DbOrTx, province: TestUnit, dossierId: number, o: { score: number; stars: number | null; forwardTo: "central" | null; finalisedAt: string; level?: "province" | "central" }): Promise<number> {
  const round = await provinceRound(db, province, o.level ?? "province");
  const [rd] = await db.insert(roundDossiers).values({ roundId: round, dossierId, finalisedAt: new Date(o.finalisedAt) }).returning({ id: roundDossiers.id });
  await db.insert(roundResults).values({ roundDossierId: rd!.id, officialScore: o.score, summary: {}, stars: o.stars, certifiable: o.stars ? "true" : "false", forwardTo: o.forwardTo, auditSeq: 0, auditHash: "test", finalisedBy: "test", finalisedAt: new Date(o.finalisedAt) });
  return rd!.id;
}

/** A certificate of the product, decided on `on` (its dossier and round written in 2020, outside every year tested). */
export async function certificate(db: DbOrTx, province: TestUnit, commune: TestUnit, productId: number, o: { stars: number; on: string; set?: number; district?: string }): Promise<number> {
  roundId ??= await provinceRound(db, province);
  const d = await dossier(db, productId, commune, { createdAt: "2020-01-01T00:00:00Z" });
  const [rd] = await db.insert(roundDossiers).values({ roundId, dossierId: d }).returning({ id: roundDossiers.id });
  const [dec] = await db.insert(recognitionDecisions).values({ unitId: province.id, number: `${serial++}/QĐ-${hex()}`, decidedOn: o.on, authorityLevel: "province", authorityName: "UBND tỉnh", signerName: "Trần Văn A", signerTitle: "Phó Chủ tịch" }).returning({ id: recognitionDecisions.id });
  const [c] = await db
    .insert(certificates)
    .values({ decisionId: dec!.id, roundDossierId: rd!.id, productId, producerId: await producerIn(db, commune), kind: "first", stars: o.stars, score: 60 + o.stars * 5, rubricVersion: "qd-26-2026", criteriaSetId: o.set ?? 6, decisionDate: o.on, productName: `SP ${productId}`, productCode: `42-${commune.code}-${productId}`, producerName: "Chủ thể", communeId: commune.id, communeName: commune.name, districtName: o.district ?? null, provinceName: province.name })
    .returning({ id: certificates.id });
  await db.insert(certificateEvents).values({ certificateId: c!.id, kind: "issued", on: o.on, at: new Date(`${o.on}T03:00:00Z`) });
  return c!.id;
}

export async function certificateEvent(db: DbOrTx, certificateId: number, e: { kind: "revoked" | "superseded"; on: string; related?: number }) {
  await db.insert(certificateEvents).values({ certificateId, kind: e.kind, on: e.on, ground: e.kind === "revoked" ? "mark_misuse" : null, decisionNumber: "9/QĐ-TH", relatedCertificateId: e.related ?? null, at: new Date(`${e.on}T03:00:00Z`) });
}

export async function idea(db: DbOrTx, cycleId: number, commune: TestUnit, state: string): Promise<number> {
  const [i] = await db
    .insert(productIdeas)
    .values({ cycleId, producerId: await producerIn(db, commune), communeId: commune.id, state: state as never, name: `Ý tưởng ${hex()}`, description: "Mô tả", coreBenefit: "Lợi ích", rawMaterials: "Nguyên liệu", rawMaterialOrigin: "Tại xã", packaging: "Hộp giấy", expectedMarket: "Trong tỉnh", criteriaSetId: 6 })
    .returning({ id: productIdeas.id });
  return i!.id;
}

export type Money = { own: bigint; loans: bigint; other: bigint; support: bigint };

export async function plan(db: DbOrTx, cycleId: number, commune: TestUnit, o: { state: "approved" | "submitted"; approvedAt?: string; money: Money }): Promise<number> {
  const ideaId = await idea(db, cycleId, commune, "approved");
  const approved = o.state === "approved";
  const [p] = await db
    .insert(businessPlans)
    .values({
      ideaId,
      cycleId,
      producerId: await producerIn(db, commune),
      communeId: commune.id,
      state: o.state,
      production: "Quy trình",
      rawMaterialArea: "5 ha",
      technology: "Sấy lạnh",
      packaging: "Hộp",
      markets: "Hà Tĩnh",
      revenueYear1: 1n,
      revenueYear2: 1n,
      revenueYear3: 1n,
      profitYear1: 0n,
      profitYear2: 0n,
      profitYear3: 0n,
      ownCapital: o.money.own,
      loans: o.money.loans,
      otherSources: o.money.other,
      requestedSupport: o.money.support,
      estimatedStateSupport: approved ? o.money.support : null,
      approvedAt: approved ? new Date(o.approvedAt!) : null,
    })
    .returning({ id: businessPlans.id });
  return p!.id;
}

/** A batch of `quantity` stamps of the product; the first `activated` of them activated at `activatedAt`. Returns the stamp ids. */
export async function batch(db: DbOrTx, productId: number, o: { quantity: number; issuedAt: string; state?: "issued" | "requested"; activated?: number; activatedAt?: string }): Promise<number[]> {
  const state = o.state ?? "issued";
  const [b] = await db.insert(stampBatches).values({ productId, quantity: o.quantity, state, issuedAt: state === "issued" ? new Date(o.issuedAt) : null, createdAt: new Date(o.issuedAt) }).returning({ id: stampBatches.id });
  if (state !== "issued") return [];
  const rows = Array.from({ length: o.quantity }, (_, i) => ({ serial: randomBytes(8).toString("hex"), batchId: b!.id, seq: i + 1, activatedAt: i < (o.activated ?? 0) ? new Date(o.activatedAt!) : null }));
  const ids = await db.insert(stamps).values(rows).returning({ id: stamps.id });
  return ids.map((r) => r.id);
}

export async function scan(db: DbOrTx, stampId: number, at: string, repeat = false) {
  await db.insert(stampScans).values({ stampId, at: new Date(at), country: "VN", region: "HT", verdict: "genuine", repeat });
}

export async function fakeReport(db: DbOrTx, productId: number | null, state: "new" | "investigating" | "confirmed_fake" | "dismissed") {
  await db.insert(fakeReports).values({ productId, what: "Tem in mờ", state, createdAt: new Date("2026-05-01T03:00:00Z"), updatedAt: new Date("2026-05-01T03:00:00Z") });
}
