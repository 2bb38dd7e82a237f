import { randomInt } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, ne, notExists, sql } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.js";
import { bitAt, emptyBitstring, encodeBitstring, STATUS_LIST_BITS, withBit } from "../../../lib/bitstring-status-list.js";
import { vnToday } from "../../../lib/dates.js";
import { audit } from "../../audit/index.js";
import { certificateCredential, statusListCredential, type CredentialFacts } from "../render/credentials.js";
import { credentialSigner, installedCredentialSigner, useCredentialSigningKey, type CredentialSigner } from "../runtime/credential-key.js";
import { signVcJwt } from "../runtime/vc-jwt.js";
import { eventsOf, stateOf } from "../queries.js";
import { certificateCredentials, certificateEvents, certificates, credentialKeys, recognitionDecisions, STATUS_PURPOSES, statusLists, type StatusPurpose } from "../schema.js";

/*
 * Issue 19: each certificate's verifiable credential, signed once when the certificate is issued and stored,
 * and its authority's two status lists, whose bits change in the transaction that changes the certificate's
 * status. Stored signed bytes are what make the Worker able to serve them: it holds no key. A list is re-signed
 * when its bits change rather than on each read, so every reader gets the same bytes (an ETag, a cache, a
 * buyer's saved copy) and a read never needs the key.
 *
 * Which status is which bit: `revocation` is set when the certificate ended for good before its validUntil —
 * revoked (Art. 8) or superseded by a newer certificate; `suspension` while it is suspended, cleared when the
 * suspension is lifted or runs out. Expiry is no bit: the credential's validUntil says it.
 */

const STATUS_DAY_CHANGES = ["suspended", "suspension_lifted", "revoked", "superseded"] as const;

function wantedBits(status: string): Record<StatusPurpose, 0 | 1> {
  return { revocation: status === "revoked" || status === "superseded" ? 1 : 0, suspension: status === "suspended" ? 1 : 0 };
}

function noSigner(): never {
  throw new Error("this process has no credential signing key (config.credentialSigningKey): a status list cannot be re-signed");
}

/** Records the signing key's public half the first time it signs; a new key retires the ones before it. */
async function registerKey(tx: Tx, signer: CredentialSigner, now: Date): Promise<void> {
  const added = await tx.insert(credentialKeys).values({ kid: signer.kid, jwk: signer.publicJwk, firstUsedAt: now }).onConflictDoNothing().returning({ kid: credentialKeys.kid });
  if (added.length) await tx.update(credentialKeys).set({ retiredAt: now }).where(and(ne(credentialKeys.kid, signer.kid), isNull(credentialKeys.retiredAt)));
}

/** The name the authority's lists are issued under: its latest decision's. */
async function authorityName(tx: Tx, unitId: number): Promise<string> {
  const [d] = await tx.select({ name: recognitionDecisions.authorityName }).from(recognitionDecisions).where(eq(recognitionDecisions.unitId, unitId)).orderBy(desc(recognitionDecisions.id)).limit(1);
  return d?.name ?? "";
}

async function signList(signer: CredentialSigner, tx: Tx, unitId: number, purpose: StatusPurpose, bits: Uint8Array, at: Date): Promise<string> {
  const vc = statusListCredential({ baseUrl: signer.baseUrl, did: signer.did, authorityName: await authorityName(tx, unitId), unitId, purpose, encodedList: encodeBitstring(bits), at });
  return signVcJwt(signer, vc);
}

type ListRow = typeof statusLists.$inferSelect;

/** The authority's two lists, made empty (and signed) when missing, locked for the rest of the transaction. */
async function lockLists(tx: Tx, unitId: number, signer: CredentialSigner | null, now: Date): Promise<Record<StatusPurpose, ListRow>> {
  let rows = await tx.select().from(statusLists).where(eq(statusLists.unitId, unitId)).orderBy(asc(statusLists.purpose)).for("update");
  if (rows.length < STATUS_PURPOSES.length) {
    const s = signer ?? noSigner();
    for (const purpose of STATUS_PURPOSES.filter((p) => !rows.some((r) => r.purpose === p))) {
      const bits = emptyBitstring();
      await tx.insert(statusLists).values({ unitId, purpose, bits, jws: await signList(s, tx, unitId, purpose, bits, now), updatedAt: now }).onConflictDoNothing();
    }
    rows = await tx.select().from(statusLists).where(eq(statusLists.unitId, unitId)).orderBy(asc(statusLists.purpose)).for("update");
  }
  return Object.fromEntries(rows.map((r) => [r.purpose, r])) as Record<StatusPurpose, ListRow>;
}

/** A random index no certificate of the authority holds (the lists are locked, so no one takes it meanwhile). */
async function freeIndex(tx: Tx, unitId: number): Promise<number> {
  for (let attempt = 0; attempt < 64; attempt++) {
    const index = randomInt(0, STATUS_LIST_BITS);
    const [taken] = await tx.select({ id: certificateCredentials.certificateId }).from(certificateCredentials).where(and(eq(certificateCredentials.unitId, unitId), eq(certificateCredentials.statusIndex, index))).limit(1);
    if (!taken) return index;
  }
  throw new Error(`the status list of unit ${unitId} has no free index left after 64 draws`);
}

/**
 * Signs and stores the credentials of certificates that have none, in the caller's transaction (the decision
 * that issues them). Without a key installed it does nothing, and the hourly job issues them later; a
 * backfilled certificate already revoked or suspended gets its bits at once.
 */
export async function issueCredentials(tx: Tx, ids: readonly number[], now: Date): Promise<number[]> {
  const signer = installedCredentialSigner();
  if (!signer || !ids.length) return [];
  const rows = await tx
    .select({ cert: certificates, decision: recognitionDecisions })
    .from(certificates)
    .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, certificates.decisionId))
    .where(and(inArray(certificates.id, [...ids]), notExists(tx.select({ x: sql`1` }).from(certificateCredentials).where(eq(certificateCredentials.certificateId, certificates.id)))))
    .orderBy(asc(certificates.id));
  if (!rows.length) return [];
  await registerKey(tx, signer, now);
  const today = vnToday(now);
  const events = await eventsOf(tx, rows.map((r) => r.cert.id));
  for (const { cert, decision } of rows) {
    await lockLists(tx, decision.unitId, signer, now);
    const index = await freeIndex(tx, decision.unitId);
    const term = stateOf(cert, events.get(cert.id) ?? [], today).term;
    const facts: CredentialFacts = {
      id: cert.id,
      productName: cert.productName,
      productCode: cert.productCode,
      productId: cert.productId,
      producerName: cert.producerName,
      producerId: cert.producerId,
      place: { commune: cert.communeName, district: cert.districtName, province: cert.provinceName },
      stars: cert.stars,
      score: cert.score,
      criteriaSetId: cert.criteriaSetId,
      rubricVersion: cert.rubricVersion,
      basisLevel: cert.basisLevel,
      decision: { number: decision.number, decidedOn: decision.decidedOn, authorityLevel: decision.authorityLevel, authorityName: decision.authorityName, signer: `${decision.signerTitle} ${decision.signerName}` },
      validFrom: term.validFrom,
      expiresOn: term.expiresOn,
    };
    const jws = await signVcJwt(signer, certificateCredential(facts, { unitId: decision.unitId, index }, signer));
    await tx.insert(certificateCredentials).values({ certificateId: cert.id, unitId: decision.unitId, statusIndex: index, kid: signer.kid, jws, issuedAt: now });
  }
  const issued = rows.map((r) => r.cert.id);
  await syncStatusBits(tx, issued, now);
  return issued;
}

/**
 * Sets each certificate's bits in its authority's lists to its status today, and re-signs a list whose bits
 * changed. Called in the transaction of every status change in effect today (certificatesChanged) and by the
 * hourly job for changes that come with a date. Fails without a key rather than leave a signed list stale.
 */
export async function syncStatusBits(tx: Tx, ids: readonly number[], now: Date): Promise<number> {
  if (!ids.length) return 0;
  const rows = await tx.select({ cred: certificateCredentials, cert: certificates }).from(certificateCredentials).innerJoin(certificates, eq(certificates.id, certificateCredentials.certificateId)).where(inArray(certificateCredentials.certificateId, [...ids]));
  if (!rows.length) return 0;
  const today = vnToday(now);
  const events = await eventsOf(tx, rows.map((r) => r.cert.id));
  const byUnit = new Map<number, { index: number; bits: Record<StatusPurpose, 0 | 1> }[]>();
  for (const { cred, cert } of rows) {
    const wanted = { index: cred.statusIndex, bits: wantedBits(stateOf(cert, events.get(cert.id) ?? [], today).status) };
    (byUnit.get(cred.unitId) ?? byUnit.set(cred.unitId, []).get(cred.unitId)!).push(wanted);
  }
  let changed = 0;
  // Units in one order, so two transactions lock the lists alike and cannot deadlock.
  for (const unitId of [...byUnit.keys()].sort((a, b) => a - b)) {
    const lists = await lockLists(tx, unitId, installedCredentialSigner(), now);
    for (const purpose of STATUS_PURPOSES) {
      let bits = lists[purpose].bits;
      for (const w of byUnit.get(unitId)!) if (bitAt(bits, w.index) !== w.bits[purpose]) bits = withBit(bits, w.index, w.bits[purpose]);
      if (bits === lists[purpose].bits) continue;
      const signer = installedCredentialSigner() ?? noSigner();
      await registerKey(tx, signer, now);
      await tx.update(statusLists).set({ bits, jws: await signList(signer, tx, unitId, purpose, bits, now), updatedAt: now }).where(eq(statusLists.id, lists[purpose].id));
      changed++;
    }
  }
  return changed;
}

/**
 * The hourly job's part: credentials for certificates issued without one (before this feature, or by a process
 * without the key), and the bits of changes that took effect with the calendar (a revocation or suspension
 * dated ahead, a suspension run out). Idempotent; what it changed is in its result.
 */
export async function refreshCredentials(db: Db, now: Date): Promise<{ issued: number; listsChanged: number }> {
  let issued = 0;
  if (installedCredentialSigner()) {
    const missing = await db.select({ id: certificates.id }).from(certificates).where(notExists(db.select({ x: sql`1` }).from(certificateCredentials).where(eq(certificateCredentials.certificateId, certificates.id)))).orderBy(asc(certificates.id));
    for (let i = 0; i < missing.length; i += 200) {
      const chunk = missing.slice(i, i + 200).map((m) => m.id);
      issued += (await db.transaction((tx) => issueCredentials(tx, chunk, now))).length;
    }
  }
  const dated = await db
    .selectDistinct({ id: certificateEvents.certificateId })
    .from(certificateEvents)
    .innerJoin(certificateCredentials, eq(certificateCredentials.certificateId, certificateEvents.certificateId))
    .where(inArray(certificateEvents.kind, [...STATUS_DAY_CHANGES]));
  const listsChanged = dated.length ? await db.transaction((tx) => syncStatusBits(tx, dated.map((d) => d.id), now)) : 0;
  return { issued, listsChanged };
}

/**
 * Key rotation (scripts/rotate-credential-key.ts): the new key becomes this process's signer and is published,
 * the old ones are marked retired but stay published, and every status list is re-signed with the new key, so
 * the lists verifiers poll move at once. Credentials already issued keep their old signature, which the old
 * key, still published, verifies.
 */
export async function rotateCredentialKey(db: Db, o: { pem: string; publicBaseUrl: string; now: Date }): Promise<{ kid: string; retired: string[]; listsResigned: number }> {
  const signer = credentialSigner(o.pem, o.publicBaseUrl);
  return db.transaction(async (tx) => {
    const before = await tx.select({ kid: credentialKeys.kid }).from(credentialKeys).where(and(isNull(credentialKeys.retiredAt), ne(credentialKeys.kid, signer.kid)));
    await registerKey(tx, signer, o.now);
    const lists = await tx.select().from(statusLists).orderBy(asc(statusLists.id)).for("update");
    for (const l of lists) await tx.update(statusLists).set({ jws: await signList(signer, tx, l.unitId, l.purpose, l.bits, o.now), updatedAt: o.now }).where(eq(statusLists.id, l.id));
    await audit(tx, { principal: null, now: o.now }, { action: "credential.key_rotated", subjectType: "credential_key", subjectId: signer.kid, before: { kids: before.map((b) => b.kid) }, after: { kid: signer.kid, listsResigned: lists.length } });
    useCredentialSigningKey({ credentialSigningKey: o.pem, publicBaseUrl: o.publicBaseUrl });
    return { kid: signer.kid, retired: before.map((b) => b.kid), listsResigned: lists.length };
  });
}
