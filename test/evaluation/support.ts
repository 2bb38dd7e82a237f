import { randomBytes } from "node:crypto";
import { loadRubric } from "../../src/modules/rubrics/queries.js";
import { scoredItems } from "../../src/domain/rubric.js";
import { products } from "../../src/modules/products/schema.js";
import { apiAs, ok, type Api } from "../cycle/support.js";
import { createProducer, createUnit, createUnitTree, grant, signedInUser, type TestUnit } from "../support/fixtures.js";
import type { TestApp } from "../support/harness.js";

export const VERSION = "qd-26-2026";
export const SET = 6;
/** After QĐ 26/2026 took effect (22/5/2026), inside the rounds the tests open. */
export const DURING = "2026-06-10T03:00:00Z";
export const ROUND_DATES = { opensOn: "2026-06-01", closesOn: "2026-06-30" };

/**
 * A sheet totalling `target` points (when reachable): every item starts at its best option, then items without
 * star marks are lowered first, so high totals keep the star minimums. Each lowered item carries a note.
 */
export function sheetFor(target: number, setId = SET) {
  const items = scoredItems(loadRubric(VERSION, setId)).map(({ item }) => item);
  const choices: Record<string, string> = {};
  const notes: Record<string, string> = {};
  let total = 0;
  for (const it of items) {
    const best = it.options.reduce((a, b) => (b.points > a.points ? b : a));
    choices[it.id] = best.id;
    total += best.points * 10;
  }
  const order = [...items].sort((a, b) => Number(a.options.some((o) => o.minStar)) - Number(b.options.some((o) => o.minStar)));
  for (const it of order) {
    if (total <= target * 10) break;
    const current = it.options.find((o) => o.id === choices[it.id])!;
    const fits = it.options.filter((o) => o.points < current.points).sort((a, b) => b.points - a.points);
    const pick = fits.find((o) => total - (current.points - o.points) * 10 >= target * 10) ?? fits[fits.length - 1];
    if (!pick) continue;
    total -= (current.points - pick.points) * 10;
    choices[it.id] = pick.id;
    notes[it.id] = `Chưa đạt mức tối đa ở tiêu chí ${it.id}`;
  }
  return { choices, notes, evidence: {}, total: total / 10 };
}

let serial = 1;
/** A product row as a plan's approval would leave it (the tests start from the product). */
export async function createProduct(t: TestApp, commune: TestUnit, producerId: number, cycleId: number | null) {
  const n = serial++;
  const [row] = await t.database.db
    .insert(products)
    .values({
      producerId,
      communeId: commune.id,
      cycleId,
      name: `Bánh đa vừng ${randomBytes(3).toString("hex")}`,
      criteriaSetId: SET,
      code: `42-${commune.code}-${n}-2026`,
      codeProvince: "42",
      codeCommune: commune.code,
      codeSerial: n,
      codeYear: 2026,
    })
    .returning({ id: products.id });
  return row!.id;
}

export const registration = { kind: "first", representativeName: "Nguyễn Thị Hoa", representativePosition: "Giám đốc HTX", phone: "0912345678", sampleCount: 5 };

export const review = {
  localRawMaterials: "Gạo và vừng trồng tại xã, trên 80%",
  localLabour: "12 lao động địa phương",
  ideaOrigin: "Nghề truyền thống của làng",
  localIdentity: "Gắn với lễ hội làng",
  opinion: "Đề nghị đánh giá, phân hạng",
};

export type Person = { api: Api; userId: string; headers: Record<string, string> };

export async function person(t: TestApp, g: Parameters<typeof grant>): Promise<Person> {
  const { user, session } = await signedInUser(t.app, t.database.db, [grant(...g)]);
  return { api: apiAs(t, session), userId: user.id, headers: session.headers };
}

/** A council of `n` scoring seats (the first is the chair) plus a secretary, all holding the council role in `unit`. */
export async function council(t: TestApp, unit: TestUnit, n: number) {
  const seats: Person[] = [];
  for (let i = 0; i < n; i++) seats.push(await person(t, ["council_member", unit]));
  const secretary = await person(t, ["council_member", unit]);
  return { chair: seats[0]!, seats, secretary, body: { members: [...seats.map((s, i) => ({ userId: s.userId, role: i === 0 ? "chair" : "member" })), { userId: secretary.userId, role: "secretary" }] } };
}

/** The seeds' province: office, a commune officer and a producer in district 0's first commune. */
export async function seedsEval(t: TestApp) {
  const tree = await createUnitTree(t.database.db);
  const commune = tree.communes[0][0];
  const producer = await createProducer(t.database.db, commune);
  return {
    tree,
    commune,
    producer,
    office: await person(t, ["province_office", tree.province]),
    communeOfficer: await person(t, ["commune_officer", commune]),
    producerMember: await person(t, ["producer_member", producer]),
  };
}

/** After the reform: communes straight under the province. */
export async function reformEval(t: TestApp) {
  const province = await createUnit(t.database.db, { level: "province" });
  const commune = await createUnit(t.database.db, { level: "commune", parent: province });
  const producer = await createProducer(t.database.db, commune);
  return {
    province,
    commune,
    producer,
    office: await person(t, ["province_office", province]),
    communeOfficer: await person(t, ["commune_officer", commune]),
    producerMember: await person(t, ["producer_member", producer]),
  };
}

/** Dossier → complete self-score → filed → commune report → proposed. */
export async function proposedDossier(w: { producerMember: Person; communeOfficer: Person }, productId: number) {
  const d = await ok(w.producerMember.api("POST", "/api/dossiers", { productId, ...registration }), 201);
  const self = sheetFor(100);
  await ok(w.producerMember.api("PUT", `/api/dossiers/${d.id}/self-score`, { choices: self.choices }));
  await ok(w.producerMember.api("POST", `/api/dossiers/${d.id}/actions`, { action: "submit" }));
  await ok(w.communeOfficer.api("PUT", `/api/dossiers/${d.id}/commune-review`, review));
  return ok(w.communeOfficer.api("POST", `/api/dossiers/${d.id}/actions`, { action: "propose" }));
}

export async function openRound(office: Person, unitId: number, level: string, c: { body: unknown }, over: Record<string, unknown> = {}) {
  const round = await ok(office.api("POST", "/api/rounds", { unitId, level, name: `Đợt ${level} 2026`, ...ROUND_DATES, rubricVersion: VERSION, ...over }), 201);
  await ok(office.api("PUT", `/api/rounds/${round.id}/council`, c.body));
  return round;
}

export async function assign(office: Person, roundId: number, dossierId: number): Promise<number> {
  const list = await ok(office.api("POST", `/api/rounds/${roundId}/dossiers`, { dossierIds: [dossierId] }));
  return list.items.find((i: any) => i.dossierId === dossierId).id;
}

export const submit = (p: Person, roundId: number, rdId: number, target: number) => {
  const s = sheetFor(target);
  return p.api("POST", `/api/rounds/${roundId}/dossiers/${rdId}/sheet/submit`, { choices: s.choices, notes: s.notes, evidence: s.evidence });
};
