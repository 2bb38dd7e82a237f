import type { Db } from "../../src/db/client.js";
import { certificates, recognitionDecisions } from "../../src/modules/certificates/schema.js";
import { cycles } from "../../src/modules/cycles/schema.js";
import { dossierEvents, dossiers, evaluationRounds, roundDossiers } from "../../src/modules/evaluation/schema.js";
import { ideaEvents, productIdeas } from "../../src/modules/ideas/schema.js";
import { businessPlans } from "../../src/modules/plans/schema.js";
import { products } from "../../src/modules/products/schema.js";
import { fakeReports, stampBatches } from "../../src/modules/stamps/schema.js";
import { adminUnitSuccessions } from "../../src/modules/units/schema.js";
import { createProducer, createUnit, type TestProducer, type TestUnit } from "../support/fixtures.js";

/*
 * Records written straight into the tables, each at a chosen instant, so a test can place them on either side
 * of a month's edges (Vietnam time) and in units that must or must not count. The workflows that write them in
 * real life are tested in their own areas; here only where and when a record lies matters.
 */

/** A Vietnam wall-clock time as an instant: vn("2026-10-01 00:00") is 2026-09-30T17:00:00Z. */
export const vn = (s: string) => new Date(`${s.replace(" ", "T")}:00+07:00`);

export type World = {
  province: TestUnit;
  /** Before the reform: two districts, ended 1 July 2025. */
  d1: TestUnit;
  d2: TestUnit;
  c11: TestUnit;
  c12: TestUnit;
  c21: TestUnit;
  /** After it: two communes under the province; c11 and c12 became n1, c21 became n2. */
  n1: TestUnit;
  n2: TestUnit;
  cycle2025: number;
  cycle2026: number;
  producers: Map<number, TestProducer>;
};

const REFORM = "2025-07-01";

export async function reformWorld(db: Db): Promise<World> {
  const province = await createUnit(db, { level: "province", validFrom: "2020-01-01" });
  const d1 = await createUnit(db, { level: "district", parent: province, validTo: REFORM });
  const d2 = await createUnit(db, { level: "district", parent: province, validTo: REFORM });
  const c11 = await createUnit(db, { level: "commune", parent: d1, validTo: REFORM });
  const c12 = await createUnit(db, { level: "commune", parent: d1, validTo: REFORM });
  const c21 = await createUnit(db, { level: "commune", parent: d2, validTo: REFORM });
  const n1 = await createUnit(db, { level: "commune", parent: province, validFrom: REFORM });
  const n2 = await createUnit(db, { level: "commune", parent: province, validFrom: REFORM });
  for (const [p, s] of [
    [c11, n1],
    [c12, n1],
    [c21, n2],
  ] as const) {
    await db.insert(adminUnitSuccessions).values({ predecessorId: p.id, successorId: s.id, effectiveDate: REFORM, legalBasis: "test" });
  }
  const deadlines = { registration: "2025-03-31", communeList: "2025-04-15", districtList: "2025-04-30", appraisal: "2025-05-31", planSubmission: "2025-07-31" };
  const [a] = await db.insert(cycles).values({ provinceId: province.id, year: 2025, chain: "commune-district-province", deadlines }).returning({ id: cycles.id });
  const [b] = await db.insert(cycles).values({ provinceId: province.id, year: 2026, chain: "commune-province", deadlines: { ...deadlines, districtList: undefined } as never }).returning({ id: cycles.id });
  const producers = new Map<number, TestProducer>();
  for (const u of [c11, c12, c21, n1, n2]) producers.set(u.id, await createProducer(db, u));
  return { province, d1, d2, c11, c12, c21, n1, n2, cycle2025: a!.id, cycle2026: b!.id, producers };
}

let serial = 0;
const producerOf = (w: World, commune: TestUnit) => w.producers.get(commune.id)!;

const IDEA_TEXT = { description: "Mô tả", coreBenefit: "Lợi ích", rawMaterials: "Nguyên liệu", rawMaterialOrigin: "Địa phương", packaging: "Hộp", expectedMarket: "Trong tỉnh", criteriaSetId: 6 };

/** An idea registered (`submit`) at `at`, and optionally sent on (`commune_forward` / `district_select`) at `sentAt`. */
export async function idea(db: Db, w: World, commune: TestUnit, cycleId: number, at: Date, sent?: { kind: "commune_forward" | "district_select"; at: Date }) {
  const [row] = await db
    .insert(productIdeas)
    .values({ cycleId, producerId: producerOf(w, commune).id, communeId: commune.id, state: sent ? (sent.kind === "district_select" ? "district_selected" : "commune_forwarded") : "submitted", name: `Ý tưởng ${++serial}`, ...IDEA_TEXT })
    .returning({ id: productIdeas.id });
  await db.insert(ideaEvents).values({ ideaId: row!.id, attempt: 1, kind: "submit", fromState: "draft", toState: "submitted", at });
  if (sent) await db.insert(ideaEvents).values({ ideaId: row!.id, attempt: 1, kind: sent.kind, fromState: "submitted", toState: "commune_forwarded", at: sent.at });
  return row!.id;
}

/** Amounts in đồng. */
export type Money = { own: bigint; loans: bigint; other: bigint; support: bigint };

/** A business plan approved at `approvedAt` with its funding (state "submitted" when `approvedAt` is null). */
export async function plan(db: Db, w: World, commune: TestUnit, cycleId: number, approvedAt: Date | null, m: Money) {
  const [i] = await db
    .insert(productIdeas)
    .values({ cycleId, producerId: producerOf(w, commune).id, communeId: commune.id, state: "approved", name: `Ý tưởng PA ${++serial}`, ...IDEA_TEXT })
    .returning({ id: productIdeas.id });
  const text = { production: "SX", rawMaterialArea: "Vùng", technology: "CN", packaging: "Hộp", markets: "Tỉnh" };
  const y = { revenueYear1: 1n, revenueYear2: 1n, revenueYear3: 1n, profitYear1: 0n, profitYear2: 0n, profitYear3: 0n };
  await db.insert(businessPlans).values({
    ideaId: i!.id,
    cycleId,
    producerId: producerOf(w, commune).id,
    communeId: commune.id,
    state: approvedAt ? "approved" : "submitted",
    ...text,
    ...y,
    ownCapital: m.own,
    loans: m.loans,
    otherSources: m.other,
    requestedSupport: m.support,
    estimatedStateSupport: approvedAt ? m.support : null,
    approvedAt,
  });
}

export async function product(db: Db, w: World, commune: TestUnit): Promise<number> {
  const n = ++serial;
  const [p] = await db
    .insert(products)
    .values({ producerId: producerOf(w, commune).id, communeId: commune.id, name: `Sản phẩm ${n}`, criteriaSetId: 6, code: `42-${commune.code}-${n}-2026`, codeProvince: "42", codeCommune: commune.code, codeSerial: n, codeYear: 2026 })
    .returning({ id: products.id });
  return p!.id;
}

async function dossierFor(db: Db, w: World, commune: TestUnit, productId: number) {
  const [d] = await db
    .insert(dossiers)
    .values({ productId, producerId: producerOf(w, commune).id, communeId: commune.id, chain: "commune-province", criteriaSetId: 6, rubricVersion: "qd-26-2026", kind: "first", state: "proposed", representativeName: "A", representativePosition: "GĐ", phone: "0912345678" })
    .returning({ id: dossiers.id });
  return d!.id;
}

/** A dossier the commune proposed for rating at `at`. */
export async function proposed(db: Db, w: World, commune: TestUnit, at: Date) {
  const id = await dossierFor(db, w, commune, await product(db, w, commune));
  await db.insert(dossierEvents).values({ dossierId: id, attempt: 1, kind: "propose", fromState: "submitted", toState: "proposed", at });
}

/** A certificate of `stars` decided on `decisionDate` (a Vietnam calendar date) for a product lying in `commune`. */
export async function certified(db: Db, w: World, commune: TestUnit, decisionDate: string, stars: 3 | 4 | 5, productId?: number) {
  const pid = productId ?? (await product(db, w, commune));
  const did = await dossierFor(db, w, commune, pid);
  const [round] = await db.insert(evaluationRounds).values({ unitId: w.province.id, level: "province", name: `Đợt ${++serial}`, opensOn: decisionDate, closesOn: decisionDate, rubricVersion: "qd-26-2026" }).returning({ id: evaluationRounds.id });
  const [rd] = await db.insert(roundDossiers).values({ roundId: round!.id, dossierId: did }).returning({ id: roundDossiers.id });
  const [dec] = await db
    .insert(recognitionDecisions)
    .values({ unitId: w.province.id, number: `${serial}/QĐ-UBND`, decidedOn: decisionDate, authorityLevel: "province", authorityName: "UBND tỉnh thử", signerName: "B", signerTitle: "Chủ tịch" })
    .returning({ id: recognitionDecisions.id });
  await db.insert(certificates).values({
    decisionId: dec!.id,
    roundDossierId: rd!.id,
    productId: pid,
    producerId: producerOf(w, commune).id,
    kind: "first",
    stars,
    score: 75,
    rubricVersion: "qd-26-2026",
    criteriaSetId: 6,
    decisionDate,
    productName: "SP",
    productCode: "X",
    producerName: "Y",
    communeId: commune.id,
    communeName: commune.name,
    provinceName: w.province.name,
  });
  return pid;
}

/** A stamp batch of `quantity` issued at `issuedAt` for a product lying in `commune`. */
export async function stampsIssued(db: Db, w: World, commune: TestUnit, issuedAt: Date, quantity: number, state: "issued" | "printed" | "requested" = "issued") {
  await db.insert(stampBatches).values({ productId: await product(db, w, commune), quantity, state, issuedAt: state === "requested" ? null : issuedAt, createdAt: issuedAt });
}

/** A consumer's fake report at `at` naming a product of `commune` (or no product at all). */
export async function fakeReport(db: Db, w: World, commune: TestUnit | null, at: Date) {
  await db.insert(fakeReports).values({ what: "Tem nghi giả", productId: commune ? await product(db, w, commune) : null, createdAt: at, updatedAt: at });
}

export const M = (millions: number) => BigInt(millions) * 1_000_000n;
