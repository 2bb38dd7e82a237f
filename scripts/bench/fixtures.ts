import { testConfig } from "../../src/config.js";
import type { Principal } from "../../src/domain/principal.js";
import type { Db } from "../../src/db/client.js";
import { certificateEvents, certificates, recognitionDecisions } from "../../src/modules/certificates/schema.js";
import { dossiers, evaluationRounds, roundDossiers, roundResults } from "../../src/modules/evaluation/schema.js";
import { producers } from "../../src/modules/producers/schema.js";
import { products } from "../../src/modules/products/schema.js";
import { adminUnits } from "../../src/modules/units/schema.js";
import { users } from "../../src/modules/accounts/schema.js";
import { generateKeyPairSync } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { useAuditSigningKey } from "../../src/modules/audit/index.js";
import { useCredentialSigningKey } from "../../src/modules/certificates/index.js";
import { issueBatch } from "../../src/modules/stamps/services/batches.js";
import { productionLots, stamps } from "../../src/modules/stamps/schema.js";

/*
 * The smallest world a stamp needs, written straight into the tables (the benchmark measures stamps, not the
 * evaluation): a province and a commune, a producer and a product, a final 4★ province result and the
 * certificate recognising it, decided today so it is valid.
 */
export async function benchWorld(db: Db, today: string) {
  const unit = async (v: { code: string; name: string; kind: string; level: "province" | "commune"; parentId: number | null; parentPath: string | null }) => {
    const [row] = await db.insert(adminUnits).values({ code: v.code, name: v.name, kind: v.kind, level: v.level, parentId: v.parentId, validFrom: "2025-07-01", path: "pending", source: "bench" }).returning({ id: adminUnits.id });
    const path = v.parentPath ? `${v.parentPath}.${row!.id}` : String(row!.id);
    await db.update(adminUnits).set({ path }).where(eq(adminUnits.id, row!.id));
    return { id: row!.id, path };
  };
  const province = await unit({ code: "42", name: "Tỉnh Hà Tĩnh", kind: "tỉnh", level: "province", parentId: null, parentPath: null });
  const commune = await unit({ code: "18547", name: "Xã Phúc Trạch", kind: "xã", level: "commune", parentId: province.id, parentPath: province.path });
  const [producer] = await db.insert(producers).values({ name: "HTX Bưởi Phúc Trạch", kind: "htx", communeId: commune.id, address: "Thôn Phúc Đồng, xã Phúc Trạch" }).returning({ id: producers.id });
  const [product] = await db
    .insert(products)
    .values({ producerId: producer!.id, communeId: commune.id, name: "Bưởi Phúc Trạch", criteriaSetId: 1, code: "42-18547-001-2026", codeProvince: "42", codeCommune: "18547", codeSerial: 1, codeYear: 2026, description: "Bưởi đặc sản trồng trên đất bãi ven sông Ngàn Sâu.", standards: "TCVN 12828:2019, VietGAP" })
    .returning({ id: products.id });
  const [dossier] = await db
    .insert(dossiers)
    .values({ productId: product!.id, producerId: producer!.id, communeId: commune.id, chain: "commune-province", criteriaSetId: 1, rubricVersion: "qd-26-2026", kind: "first", state: "decided", representativeName: "Nguyễn Văn A", representativePosition: "Giám đốc", phone: "0900000000" })
    .returning({ id: dossiers.id });
  const [round] = await db.insert(evaluationRounds).values({ unitId: province.id, level: "province", name: "Đợt 1", opensOn: today, closesOn: today, rubricVersion: "qd-26-2026" }).returning({ id: evaluationRounds.id });
  const [rd] = await db.insert(roundDossiers).values({ roundId: round!.id, dossierId: dossier!.id, finalisedAt: new Date() }).returning({ id: roundDossiers.id });
  await db.insert(roundResults).values({ roundDossierId: rd!.id, officialScore: 78.5, summary: {}, stars: 4, certifiable: "true", auditSeq: 0, auditHash: "bench", finalisedBy: "bench", finalisedAt: new Date() });
  const [decision] = await db.insert(recognitionDecisions).values({ unitId: province.id, number: "1/QĐ-UBND", decidedOn: today, authorityLevel: "province", authorityName: "Ủy ban nhân dân tỉnh Hà Tĩnh", signerName: "Bench", signerTitle: "Phó Chủ tịch" }).returning({ id: recognitionDecisions.id });
  const [cert] = await db
    .insert(certificates)
    .values({ decisionId: decision!.id, roundDossierId: rd!.id, productId: product!.id, producerId: producer!.id, kind: "first", stars: 4, score: 78.5, rubricVersion: "qd-26-2026", criteriaSetId: 1, decisionDate: today, productName: "Bưởi Phúc Trạch", productCode: "42-18547-001-2026", producerName: "HTX Bưởi Phúc Trạch", communeId: commune.id, communeName: "Xã Phúc Trạch", districtName: "Huyện Hương Khê", provinceName: "Tỉnh Hà Tĩnh" })
    .returning({ id: certificates.id });
  await db.insert(certificateEvents).values({ certificateId: cert!.id, kind: "issued", on: today, at: new Date() });
  await db.insert(users).values({ id: "bench-office", username: "bench-office", displayName: "Bench office", passwordHash: "!" });
  const office: Principal = { userId: "bench-office", username: "bench-office", displayName: "Bench office", locale: "vi", grants: [{ role: "province_office", unitId: province.id, unitPath: province.path }] };
  return { productId: product!.id, certificateId: cert!.id, office };
}

/** The world, one batch of `quantity` stamps issued through the service (timed) and all of it activated on one lot. */
export async function benchStamps(db: Db, today: string, quantity: number) {
  // The issue, the void and the suspension write audit records, anchored by checkpoints signed with a key; the
  // suspension also re-signs the authority's status list (issue 19), which needs the credential key.
  useAuditSigningKey(BENCH_AUDIT_KEY);
  useCredentialSigningKey(testConfig());
  const world = await benchWorld(db, today);
  const t0 = performance.now();
  const { batch } = await issueBatch({ ctx: { db, principal: world.office, now: new Date() }, input: { productId: world.productId, quantity } });
  const issueSeconds = (performance.now() - t0) / 1000;
  const [lot] = await db.insert(productionLots).values({ productId: world.productId, lotNumber: "BENCH-1", producedOn: today, quantity, createdAt: new Date() }).returning({ id: productionLots.id });
  await db.update(stamps).set({ lotId: lot!.id, activatedAt: new Date() }).where(eq(stamps.batchId, batch.id));
  await db.execute(sql`analyze stamps`);
  return { world, batchId: batch.id, issueSeconds };
}

const BENCH_AUDIT_KEY = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
