import { ok } from "../cycle/support.js";
import type { TestApp } from "../support/harness.js";
import { DURING, assign, council, createProduct, openRound, person, proposedDossier, reformEval, registration, sheetFor, submit, type Person } from "../evaluation/support.js";

/** The decision date the tests use: five days after the rounds' scoring day. Expiry is 36 months later. */
export const DECIDED_ON = "2026-06-15";
/** The expiry day ("ngày hết thời hạn"): the last valid day of the 36 months (issue 12: one meaning everywhere). */
export const EXPIRES_ON = "2029-06-14";

/** A final province result for a new product of the world's producer, scored around `target` (70–89 → 4★). */
export async function finalResult(t: TestApp, w: Awaited<ReturnType<typeof reformEval>>, target = 75, productId?: number) {
  t.clock.set(DURING);
  const pid = productId ?? (await createProduct(t, w.commune, w.producer.id, null));
  const d = await proposedDossier(w, pid);
  return { productId: pid, dossierId: d.id, rdId: await scoreAndFinalise(t, w, d.id, target) };
}

/** A province round of three scoring seats that scores the proposed dossier and finalises. */
export async function scoreAndFinalise(t: TestApp, w: Awaited<ReturnType<typeof reformEval>>, dossierId: number, target: number, opts: { eliminate?: string } = {}): Promise<number> {
  const c = await council(t, w.province, 3);
  // The round is open on the test clock's day, whatever year the test has moved to.
  const day = (offset: number) => new Date(t.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const round = await openRound(w.office, w.province.id, "province", c, { opensOn: day(-5), closesOn: day(25) });
  const rdId = await assign(w.office, round.id, dossierId);
  for (const [i, seat] of c.seats.entries()) await ok(submit(seat, round.id, rdId, target + [0, 1, 2][i]!));
  if (opts.eliminate) await ok(c.chair.api("PUT", `/api/rounds/${round.id}/dossiers/${rdId}/elimination`, { ruleId: "E1", note: opts.eliminate }));
  const res = await c.chair.api("POST", `/api/rounds/${round.id}/dossiers/${rdId}/finalise`, {});
  if (res.status === 409) {
    await ok(c.chair.api("POST", `/api/rounds/${round.id}/dossiers/${rdId}/chair-note`, { note: "Hội đồng thống nhất kết quả sát ngưỡng." }));
    await ok(c.chair.api("POST", `/api/rounds/${round.id}/dossiers/${rdId}/finalise`, {}));
  } else if (res.status !== 200) throw new Error(`finalise: ${res.status} ${JSON.stringify(res.body)}`);
  return rdId;
}

let n = 1;
export const decisionBody = (w: { province: { id: number } }, rdIds: number[], over: Record<string, unknown> = {}) => ({
  unitId: w.province.id,
  number: `${100 + n++}/QĐ-UBND`,
  decidedOn: DECIDED_ON,
  authorityLevel: "province",
  authorityName: "Ủy ban nhân dân tỉnh Hà Tĩnh",
  signerName: "Nguyễn Hồng Lĩnh",
  signerTitle: "Phó Chủ tịch",
  roundDossierIds: rdIds,
  ...over,
});

/** A certified product: result, decision on DECIDED_ON, and the certificate id. */
export async function certified(t: TestApp, w: Awaited<ReturnType<typeof reformEval>>, target = 75) {
  const r = await finalResult(t, w, target);
  t.clock.set(`${DECIDED_ON}T03:00:00Z`);
  const decision = await ok(w.office.api("POST", "/api/decisions", decisionBody(w, [r.rdId])), 201);
  return { ...r, decision, certificateId: decision.certificateIds[0] as number };
}

/** Signs the world's people in again at the clock's current time (sessions do not survive years of test time). */
export async function freshPeople(t: TestApp, w: Awaited<ReturnType<typeof reformEval>>) {
  return {
    office: await person(t, ["province_office", w.province]),
    producerMember: await person(t, ["producer_member", w.producer]),
    communeOfficer: await person(t, ["commune_officer", w.commune]),
  };
}

/** Creates and files (submits) a dossier of `kind` for a product; returns the raw response of the submit. */
export async function fileDossier(p: Person, productId: number, kind: "upgrade" | "reevaluation") {
  const d = await ok(p.api("POST", "/api/dossiers", { productId, ...registration, kind, changes: "Bao bì mới, bổ sung chứng nhận VietGAP" }), 201);
  await ok(p.api("PUT", `/api/dossiers/${d.id}/self-score`, { choices: sheetFor(100).choices }));
  return { dossierId: d.id as number, submit: await p.api("POST", `/api/dossiers/${d.id}/actions`, { action: "submit" }) };
}

export const daysBefore = (iso: string, days: number) => new Date(Date.parse(`${iso}T03:00:00Z`) - days * 86_400_000).toISOString();

/** An inspection (Art. 9) of the certificate concluded on `on` with a proposal to revoke: the evidence grounds b, c and e of Art. 8.1 need. */
export async function inspectionProposingRevocation(t: TestApp, w: Awaited<ReturnType<typeof reformEval>>, certificateId: number, on: string) {
  const inspector = await person(t, ["inspector", w.province]);
  const ins = await ok(inspector.api("POST", `/api/certificates/${certificateId}/inspections`, { kind: "ad_hoc", team: ["Trần Văn Kiểm"], startedOn: on }), 201);
  await ok(inspector.api("POST", `/api/inspections/${ins.id}/conclusion`, { findings: [{ criterionId: "1.1", finding: "Nhãn hàng hóa sai quy định", met: false }], conclusion: "propose_revocation", note: "Đề nghị thu hồi", concludedOn: on }));
  return ins.id as number;
}
