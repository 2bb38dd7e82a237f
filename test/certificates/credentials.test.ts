import { createPublicKey, verify } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { compactVerify, createLocalJWKSet, importJWK, jwtVerify, type JSONWebKeySet } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicApp } from "../../src/app.js";
import { ed25519PemFromSeed } from "../../src/config.js";
import { runDailyCertificateJob } from "../../src/jobs/daily.js";
import { rotateCredentialKey } from "../../src/modules/certificates/index.js";
import { certificateCredentials } from "../../src/modules/certificates/schema.js";
import { ok } from "../cycle/support.js";
import { reformEval } from "../evaluation/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { DECIDED_ON, EXPIRES_ON, certified } from "./support.js";

/*
 * Issue 19's verifiable certificate, checked as a buyer would: only over HTTP, with jose's verifier and with
 * node:crypto directly against the published keys (never the signing code), the status list decoded by hand
 * (multibase base64url, gunzip, the bit at the index, most significant bit first), and after a key rotation.
 */

let t: TestApp;
let w: Awaited<ReturnType<typeof reformEval>>;
beforeAll(async () => {
  t = await createTestApp();
  w = await reformEval(t);
});
afterAll(() => t.close());

const BASE = "https://ocop.test";
const get = (path: string, accept = "*/*") => t.app.request(path, { headers: { accept } });
const credentialOf = async (id: number) => {
  const res = await get(`/c/${id}`, "application/vc+jwt");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/vc+jwt");
  return res.text();
};
const publishedJwks = async () => (await (await get("/.well-known/jwks.json")).json()) as JSONWebKeySet;
const payloadOf = (jws: string) => JSON.parse(Buffer.from(jws.split(".")[1]!, "base64url").toString("utf8"));
const headerOf = (jws: string) => JSON.parse(Buffer.from(jws.split(".")[0]!, "base64url").toString("utf8"));

type StatusEntry = { type: string; statusPurpose: string; statusListIndex: string; statusListCredential: string };

/** What a verifier does with one credentialStatus entry: fetch the list, verify it, read the bit. */
async function statusBit(entry: StatusEntry): Promise<0 | 1> {
  expect(entry.statusListCredential.startsWith(`${BASE}/status/`)).toBe(true);
  const res = await get(entry.statusListCredential.slice(BASE.length));
  expect(res.status).toBe(200);
  const { payload, protectedHeader } = await compactVerify(await res.text(), createLocalJWKSet(await publishedJwks()));
  expect(protectedHeader.typ).toBe("vc+jwt");
  const list = JSON.parse(new TextDecoder().decode(payload));
  expect(list.type).toEqual(["VerifiableCredential", "BitstringStatusListCredential"]);
  expect(list.credentialSubject.statusPurpose).toBe(entry.statusPurpose);
  const encoded: string = list.credentialSubject.encodedList;
  expect(encoded[0]).toBe("u");
  const bits = gunzipSync(Buffer.from(encoded.slice(1), "base64url"));
  expect(bits.length * 8).toBeGreaterThanOrEqual(131_072);
  const index = Number(entry.statusListIndex);
  return ((bits[Math.floor(index / 8)]! >> (7 - (index % 8))) & 1) as 0 | 1;
}

const bitsOf = async (id: number) => {
  const entries: StatusEntry[] = payloadOf(await credentialOf(id)).credentialStatus;
  const by = Object.fromEntries(entries.map((e) => [e.statusPurpose, e]));
  return { revocation: await statusBit(by.revocation!), suspension: await statusBit(by.suspension!) };
};

describe("the certificate as a W3C verifiable credential (VC-JOSE)", () => {
  it("verifies with jose against the published JWKS and with node:crypto, and says what the certificate says", async () => {
    const a = await certified(t, w);
    const jws = await credentialOf(a.certificateId);
    const jwks = await publishedJwks();
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks));
    expect(protectedHeader).toMatchObject({ alg: "EdDSA", typ: "vc+jwt", cty: "vc" });
    expect(protectedHeader.kid).toMatch(/^did:web:ocop\.test#[A-Za-z0-9_-]{43}$/);
    // jwtVerify as well: the payload is a JSON object, and the typ is checked.
    await jwtVerify(jws, createLocalJWKSet(jwks), { typ: "vc+jwt" });

    // node:crypto alone: Ed25519 over "header.payload" with the JWK the kid names.
    const jwk = jwks.keys.find((k) => k.kid === protectedHeader.kid)!;
    expect(jwk).not.toHaveProperty("d");
    const [h, p, s] = jws.split(".") as [string, string, string];
    const key = createPublicKey({ key: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! }, format: "jwk" });
    expect(verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, "base64url"))).toBe(true);
    const tampered = Buffer.from(JSON.stringify({ ...payloadOf(jws), validUntil: "2099-12-31T23:59:59+07:00" })).toString("base64url");
    expect(verify(null, Buffer.from(`${h}.${tampered}`), key, Buffer.from(s, "base64url"))).toBe(false);

    const vc = JSON.parse(new TextDecoder().decode(payload));
    const page = await (await get(`/c/${a.certificateId}`, "application/json")).json();
    expect(vc["@context"][0]).toBe("https://www.w3.org/ns/credentials/v2");
    expect(vc.type).toEqual(["VerifiableCredential", "DigitalConformityCredential"]);
    expect(vc.id).toBe(`${BASE}/c/${a.certificateId}`);
    expect(vc.issuer).toMatchObject({ id: "did:web:ocop.test", name: "Ủy ban nhân dân tỉnh Hà Tĩnh" });
    expect(vc.validFrom).toBe(`${DECIDED_ON}T00:00:00+07:00`);
    expect(vc.validUntil).toBe(`${EXPIRES_ON}T23:59:59+07:00`);
    const subject = vc.credentialSubject;
    expect(subject.type).toEqual(["ConformityAttestation"]);
    expect(subject.referenceScheme.name).toContain("26/2026/QĐ-TTg");
    expect(subject.issuedToParty.name).toBe(page.producer.name);
    expect(subject.decision).toMatchObject({ number: page.decision.number, decidedOn: DECIDED_ON, authorityLevel: "province" });
    const assessment = subject.assessment[0];
    expect(assessment.assessedProduct[0].product).toMatchObject({ name: page.product.name, registeredId: page.product.code });
    expect(assessment.declaredValue.map((v: { metricValue: { value: number } }) => v.metricValue.value)).toEqual([page.score, page.stars]);
    expect(assessment.assessmentCriteria[0]).toMatchObject({ criteriaSet: page.product.group, rubricVersion: page.rubricVersion });
    expect(vc.credentialStatus.map((e: StatusEntry) => [e.type, e.statusPurpose])).toEqual([["BitstringStatusListEntry", "revocation"], ["BitstringStatusListEntry", "suspension"]]);
    expect(new Set(vc.credentialStatus.map((e: StatusEntry) => e.statusListIndex)).size).toBe(1);
  });

  it("is negotiated at /c/{id}, downloadable, linked from the page, and unknown ids are problem+json 404s", async () => {
    const a = await certified(t, w);
    const jws = await credentialOf(a.certificateId);
    const download = await get(`/c/${a.certificateId}/credential.jwt`);
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="giay-chung-nhan-ocop-${a.certificateId}.jwt"`);
    expect(download.headers.get("content-type")).toBe("application/vc+jwt");
    expect(await download.text()).toBe(jws);
    // Signed once and stored: the same bytes on every request.
    expect(await credentialOf(a.certificateId)).toBe(jws);
    const unsecured = await get(`/c/${a.certificateId}`, "application/vc");
    expect(unsecured.headers.get("content-type")).toBe("application/vc");
    expect(await unsecured.json()).toEqual(payloadOf(jws));
    expect((await get(`/c/${a.certificateId}`, "application/json")).headers.get("content-type")).toMatch(/^application\/json/);
    expect((await (await get(`/c/${a.certificateId}`, "application/json")).json()).credential).toEqual({ url: `${BASE}/c/${a.certificateId}/credential.jwt`, mediaType: "application/vc+jwt" });
    const html = await (await get(`/c/${a.certificateId}`, "text/html")).text();
    expect(html).toContain(`href="/c/${a.certificateId}/credential.jwt"`);

    // The Worker's app (createPublicApp) serves the same stored bytes.
    const edge = createPublicApp(t.deps);
    for (const [path, accept] of [[`/c/${a.certificateId}`, "application/vc+jwt"], [`/c/${a.certificateId}/credential.jwt`, "*/*"], ["/.well-known/did.json", "*/*"], ["/.well-known/jwks.json", "*/*"]] as const) {
      const [x, y] = await Promise.all([edge.request(path, { headers: { accept } }), get(path, accept)]);
      expect([x.status, x.headers.get("content-type"), await x.text()], path).toEqual([y.status, y.headers.get("content-type"), await y.text()]);
    }

    for (const [path, accept] of [["/c/999999", "application/vc+jwt"], ["/c/999999/credential.jwt", "*/*"], ["/status/999999/revocation", "*/*"], ["/status/1/expiry", "*/*"]] as const) {
      const res = await get(path, accept);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/^application\/problem\+json/);
      const body = await res.json();
      expect(body.i18n.vi.title, path).toBe("Không tìm thấy");
    }
  });

  it("publishes did:web's DID document with the key as a JsonWebKey assertion method", async () => {
    const res = await get("/.well-known/did.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.id).toBe("did:web:ocop.test");
    expect(doc["@context"][0]).toBe("https://www.w3.org/ns/did/v1");
    expect(doc.verificationMethod.length).toBeGreaterThanOrEqual(1);
    for (const m of doc.verificationMethod) {
      expect(m).toMatchObject({ type: "JsonWebKey", controller: "did:web:ocop.test", publicKeyJwk: { kty: "OKP", crv: "Ed25519" } });
      expect(m.publicKeyJwk).not.toHaveProperty("d");
      expect(doc.assertionMethod).toContain(m.id);
    }
    const jws = await credentialOf((await certified(t, w)).certificateId);
    const method = doc.verificationMethod.find((m: { id: string }) => m.id === headerOf(jws).kid);
    await compactVerify(jws, await importJWK(method.publicKeyJwk, "EdDSA"));
  });
});

describe("the Bitstring Status List", () => {
  it("shows a revoked and a suspended certificate in the bits their credentials point to, and a valid one as 0", async () => {
    const valid = await certified(t, w);
    const revoked = await certified(t, w);
    const suspended = await certified(t, w);
    const indices = await Promise.all([valid, revoked, suspended].map(async (c) => payloadOf(await credentialOf(c.certificateId)).credentialStatus[0].statusListIndex));
    expect(new Set(indices).size).toBe(3);
    t.clock.set("2027-01-05T03:00:00Z");
    const office = (await import("./support.js")).freshPeople;
    const p = await office(t, w);
    await ok(p.office.api("POST", `/api/certificates/${revoked.certificateId}/revocation`, { ground: "mark_misuse", effectiveOn: "2027-01-05", decisionNumber: "77/QĐ-UBND", authorityName: "Ủy ban nhân dân tỉnh Hà Tĩnh", reason: "Sử dụng nhãn OCOP sai quy định" }), 201);
    await ok(p.office.api("POST", `/api/certificates/${suspended.certificateId}/suspension`, { from: "2027-01-05", reason: "Kiểm tra đột xuất" }), 201);
    expect(await bitsOf(valid.certificateId)).toEqual({ revocation: 0, suspension: 0 });
    expect(await bitsOf(revoked.certificateId)).toEqual({ revocation: 1, suspension: 0 });
    expect(await bitsOf(suspended.certificateId)).toEqual({ revocation: 0, suspension: 1 });

    // Lifting clears the bit, in the lift's transaction.
    t.clock.set("2027-01-08T03:00:00Z");
    await ok(p.office.api("POST", `/api/certificates/${suspended.certificateId}/suspension/lift`, { on: "2027-01-08", reason: "Mẫu đạt" }), 201);
    expect(await bitsOf(suspended.certificateId)).toEqual({ revocation: 0, suspension: 0 });
    expect(await bitsOf(revoked.certificateId)).toEqual({ revocation: 1, suspension: 0 });
  });

  it("takes a suspension dated ahead at the hourly job, and issues a missing credential there", async () => {
    const c = await certified(t, w);
    t.clock.set("2027-02-01T03:00:00Z");
    const p = await (await import("./support.js")).freshPeople(t, w);
    await ok(p.office.api("POST", `/api/certificates/${c.certificateId}/suspension`, { from: "2027-02-03", through: "2027-02-05", reason: "Kiểm tra định kỳ" }), 201);
    expect((await bitsOf(c.certificateId)).suspension).toBe(0);
    t.clock.set("2027-02-03T01:00:00Z");
    expect((await runDailyCertificateJob(t.database.db, t.clock.now())).credentials.listsChanged).toBeGreaterThan(0);
    expect((await bitsOf(c.certificateId)).suspension).toBe(1);
    // The suspension runs out after its last day.
    t.clock.set("2027-02-06T01:00:00Z");
    await runDailyCertificateJob(t.database.db, t.clock.now());
    expect((await bitsOf(c.certificateId)).suspension).toBe(0);

    // A certificate without a credential (issued before this feature) gets one from the job.
    await t.database.db.delete(certificateCredentials).where(eq(certificateCredentials.certificateId, c.certificateId));
    expect((await runDailyCertificateJob(t.database.db, t.clock.now())).credentials.issued).toBe(1);
    await compactVerify(await credentialOf(c.certificateId), createLocalJWKSet(await publishedJwks()));
  });
});

describe("key rotation", () => {
  it("keeps the old key published: an old credential verifies with it, a new one with the new key", async () => {
    const before = await certified(t, w);
    const oldJws = await credentialOf(before.certificateId);
    const oldKid = headerOf(oldJws).kid as string;

    const rotated = await rotateCredentialKey(t.database.db, { pem: ed25519PemFromSeed(11), publicBaseUrl: BASE, now: t.clock.now() });
    expect(rotated.retired).toEqual([oldKid.split("#")[1]]);

    const after = await certified(t, w);
    const newJws = await credentialOf(after.certificateId);
    const newKid = headerOf(newJws).kid as string;
    expect(newKid).not.toBe(oldKid);

    const jwks = await publishedJwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual([oldKid, newKid]);
    expect(jwks.keys[0]).toHaveProperty("retired");
    expect(jwks.keys[1]).not.toHaveProperty("retired");
    const set = createLocalJWKSet(jwks);
    expect((await compactVerify(oldJws, set)).protectedHeader.kid).toBe(oldKid);
    expect((await compactVerify(newJws, set)).protectedHeader.kid).toBe(newKid);
    // Each only with its own key: the old credential does not verify with the new key.
    const newKey = await importJWK(jwks.keys[1]!, "EdDSA");
    await expect(compactVerify(oldJws, newKey)).rejects.toThrow();
    // The status lists were re-signed with the new key, and the old credential still finds its bits.
    const entry: StatusEntry = payloadOf(oldJws).credentialStatus[0];
    const list = await (await get(entry.statusListCredential.slice(BASE.length))).text();
    expect(headerOf(list).kid).toBe(newKid);
    expect(await bitsOf(before.certificateId)).toEqual({ revocation: 0, suspension: 0 });
    const doc = await (await get("/.well-known/did.json")).json();
    expect(doc.assertionMethod).toEqual([oldKid, newKid]);
  });
});
