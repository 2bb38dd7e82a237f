import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { certificates, recognitionDecisions } from "../../src/modules/certificates/schema.js";
import { dossiers, evaluationRounds, roundDossiers } from "../../src/modules/evaluation/schema.js";
import { apiAs, type Api } from "../cycle/support.js";
import { createProduct, VERSION, SET } from "../evaluation/support.js";
import { createProducer, createRetailPoint, createUnit, grant, signedInUser, type TestProducer, type TestUnit } from "../support/fixtures.js";
import type { TestApp } from "../support/harness.js";

/** A province with one commune, a producer and a retail point whose operator subscribes. */
export async function watchWorld(t: TestApp) {
  const db = t.database.db;
  const province = await createUnit(db, { level: "province" });
  const commune = await createUnit(db, { level: "commune", parent: province });
  const producer = await createProducer(db, commune);
  const shop = await createRetailPoint(db, commune);
  const operator = await signedInUser(t.app, db, [grant("retail_operator", shop)]);
  return { province, commune, producer, shop, operator: { api: apiAs(t, operator.session), userId: operator.user.id, headers: operator.session.headers } };
}

export type WatchWorld = Awaited<ReturnType<typeof watchWorld>>;

let serial = 1;
/**
 * A certificate with the chain of rows it needs (product, dossier, round, assignment, decision), written
 * directly: the watch tests are about what happens after a certificate exists, not how it is decided.
 */
export async function createCertificate(t: TestApp, w: { province: TestUnit; commune: TestUnit; producer: TestProducer }, stars = 4): Promise<number> {
  const db = t.database.db;
  const n = serial++;
  const productId = await createProduct(t, w.commune, w.producer.id, null);
  const [dossier] = await db
    .insert(dossiers)
    .values({ productId, producerId: w.producer.id, communeId: w.commune.id, chain: "commune-province", criteriaSetId: SET, rubricVersion: VERSION, kind: "first", state: "decided", representativeName: "Nguyễn Thị Hoa", representativePosition: "Giám đốc HTX", phone: "0912345678" })
    .returning({ id: dossiers.id });
  const [round] = await db
    .insert(evaluationRounds)
    .values({ unitId: w.province.id, level: "province", name: `Đợt thử ${n}`, opensOn: "2026-01-05", closesOn: "2026-01-30", rubricVersion: VERSION })
    .returning({ id: evaluationRounds.id });
  const [rd] = await db.insert(roundDossiers).values({ roundId: round!.id, dossierId: dossier!.id }).returning({ id: roundDossiers.id });
  const [decision] = await db
    .insert(recognitionDecisions)
    .values({ unitId: w.province.id, number: `${n}/QĐ-UBND-${Date.now()}`, decidedOn: "2026-02-10", authorityLevel: "province", authorityName: "UBND tỉnh", signerName: "Trần Văn A", signerTitle: "Phó Chủ tịch" })
    .returning({ id: recognitionDecisions.id });
  const [cert] = await db
    .insert(certificates)
    .values({
      decisionId: decision!.id,
      roundDossierId: rd!.id,
      productId,
      producerId: w.producer.id,
      kind: "first",
      stars,
      score: 75,
      rubricVersion: VERSION,
      criteriaSetId: SET,
      decisionDate: "2026-02-10",
      productName: `Sản phẩm ${n}`,
      productCode: `42-${w.commune.code}-${n}-2026`,
      producerName: w.producer.name,
      communeId: w.commune.id,
      communeName: w.commune.name,
      provinceName: w.province.name,
    })
    .returning({ id: certificates.id });
  return cert!.id;
}

export type Received = { method: string; path: string; headers: IncomingHttpHeaders; body: string };

/**
 * A real HTTP receiver on 127.0.0.1. It answers with the queued statuses in turn, then with `fallback`.
 */
export async function startReceiver(statuses: number[] = [], fallback = 204) {
  const requests: Received[] = [];
  const queue = [...statuses];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.statusCode = queue.shift() ?? fallback;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks/ocop`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const subscribe = (api: Api, url: string, certificateIds: number[]) => api("POST", "/api/watch/subscriptions", { url, certificateIds, description: "Quầy OCOP chợ Hà Tĩnh" });
