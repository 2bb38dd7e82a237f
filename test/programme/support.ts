import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../src/db/client.js";
import { certificateEvents, certificates, recognitionDecisions } from "../../src/modules/certificates/schema.js";
import { dossiers, evaluationRounds, roundDossiers } from "../../src/modules/evaluation/schema.js";
import { producers } from "../../src/modules/producers/schema.js";
import { products } from "../../src/modules/products/schema.js";
import { retailPoints } from "../../src/modules/retail/schema.js";
import type { TestUnit } from "../support/fixtures.js";

/*
 * Registry facts written straight into their tables, so a test states exactly the certificates, producers and
 * points of sale a target is measured from (the certification workflow itself is tested in test/certificates).
 */

let n = 1;
const hex = () => randomBytes(3).toString("hex");

export async function producerAt(db: Db, commune: TestUnit, createdAt: string | Date = "2025-06-01T03:00:00Z") {
  const [r] = await db.insert(producers).values({ name: `HTX ${hex()}`, kind: "htx", communeId: commune.id, address: "Thôn 1", createdAt: new Date(createdAt) }).returning({ id: producers.id, name: producers.name });
  return { ...r!, communeId: commune.id };
}

export async function productOf(db: Db, producer: { id: number; communeId: number }, commune: TestUnit, createdAt: string | Date = "2025-06-01T03:00:00Z") {
  const k = n++;
  const [r] = await db
    .insert(products)
    .values({ producerId: producer.id, communeId: commune.id, name: `Sản phẩm ${hex()}`, criteriaSetId: 6, code: `42-${commune.code}-${k}-${hex()}`, codeProvince: "42", codeCommune: commune.code, codeSerial: k, codeYear: 2026, createdAt: new Date(createdAt) })
    .returning({ id: products.id, name: products.name });
  return r!;
}

let round: number | undefined;
/** A certificate of `stars` decided on `decidedOn` for the product (one round, dossier and decision of its own). */
export async function certify(db: Db, province: TestUnit, commune: TestUnit, product: { id: number; name: string }, producerId: number, stars: number, decidedOn: string) {
  if (round === undefined || !(await db.select({ id: evaluationRounds.id }).from(evaluationRounds).where(eq(evaluationRounds.id, round))).length) {
    const [r] = await db.insert(evaluationRounds).values({ unitId: province.id, level: "province", name: "Đợt thử", opensOn: "2019-01-01", closesOn: "2030-12-31", rubricVersion: "qd-26-2026" }).returning({ id: evaluationRounds.id });
    round = r!.id;
  }
  const [d] = await db.insert(dossiers).values({ productId: product.id, producerId, communeId: commune.id, chain: "commune-province", criteriaSetId: 6, rubricVersion: "qd-26-2026", kind: "first", state: "proposed", representativeName: "Nguyễn Thị Hoa", representativePosition: "Giám đốc", phone: "0912345678" }).returning({ id: dossiers.id });
  const [rd] = await db.insert(roundDossiers).values({ roundId: round, dossierId: d!.id }).returning({ id: roundDossiers.id });
  const [dec] = await db.insert(recognitionDecisions).values({ unitId: province.id, number: `${n++}/QĐ-UBND-${hex()}`, decidedOn, authorityLevel: "province", authorityName: "UBND tỉnh", signerName: "Nguyễn Văn A", signerTitle: "Phó Chủ tịch" }).returning({ id: recognitionDecisions.id });
  const [c] = await db
    .insert(certificates)
    .values({ decisionId: dec!.id, roundDossierId: rd!.id, productId: product.id, producerId, kind: "first", stars, score: stars === 3 ? 60 : stars === 4 ? 75 : 92, rubricVersion: "qd-26-2026", criteriaSetId: 6, decisionDate: decidedOn, productName: product.name, productCode: "x", producerName: "p", communeId: commune.id, communeName: commune.name, provinceName: province.name })
    .returning({ id: certificates.id });
  return c!.id;
}

export async function revoke(db: Db, certificateId: number, on: string) {
  await db.insert(certificateEvents).values({ certificateId, kind: "revoked", on, ground: "criteria_not_met", reason: "Thu hồi (thử)", decisionNumber: `TH-${hex()}`, at: new Date(`${on}T03:00:00Z`) });
}

export async function supersede(db: Db, certificateId: number, by: number, on: string) {
  await db.insert(certificateEvents).values({ certificateId, kind: "superseded", on, relatedCertificateId: by, at: new Date(`${on}T03:00:00Z`) });
}

export async function retailAt(db: Db, commune: TestUnit, createdAt: string) {
  const [r] = await db.insert(retailPoints).values({ name: `Điểm bán ${hex()}`, communeId: commune.id, address: "Chợ", createdAt: new Date(createdAt) }).returning({ id: retailPoints.id });
  return r!.id;
}
