import { generateKeyPairSync } from "node:crypto";
import { asc, desc, eq, sql } from "drizzle-orm";
import { compactVerify, importJWK } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { runDailyCertificateJob } from "../../src/jobs/daily.js";
import { auditKeyFromPem, CHECKPOINT_EVERY, signCheckpoint } from "../../src/modules/audit/runtime/signing.js";
import { auditCheckpoints, auditHead, auditLog } from "../../src/modules/audit/schema.js";
import { checkpointHead, GENESIS_HASH, hashRecord, verifyAuditChain, writeAudit } from "../../src/modules/audit/service.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { createUnitTree, grant, signedInUser } from "../support/fixtures.js";

// A stolen database (or a superuser) can rewrite rows and recompute every hash; what it lacks is the audit
// signing key. These tests tamper with triggers disabled, as such an attacker would, and expect the signed
// checkpoints to give it away.
let t: TestApp;
let db: Db;
let admin: { headers: Record<string, string> };
const N = CHECKPOINT_EVERY;
const TOTAL = 2 * N + 7;

let clock = Date.parse("2026-03-01T03:00:00.000Z");
const tick = () => new Date((clock += 1000));

type Snapshot = { log: (typeof auditLog.$inferSelect)[]; head: (typeof auditHead.$inferSelect)[]; cps: (typeof auditCheckpoints.$inferSelect)[] };
const TABLES = ["audit_log", "audit_head", "audit_checkpoints"];
const triggers = (on: boolean) => Promise.all(TABLES.map((name) => db.execute(sql.raw(`alter table ${name} ${on ? "enable" : "disable"} trigger user`))));

async function snapshot(): Promise<Snapshot> {
  return {
    log: await db.select().from(auditLog).orderBy(asc(auditLog.seq)),
    head: await db.select().from(auditHead),
    cps: await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq)),
  };
}

/** Runs the tampering as a superuser would (triggers off), then puts everything back for the next test. */
let pristine: Snapshot;
async function asSuperuser(fn: () => Promise<unknown>): Promise<void> {
  await triggers(false);
  try {
    await fn();
  } finally {
    await triggers(true);
  }
}
async function restore() {
  await asSuperuser(async () => {
    await db.delete(auditCheckpoints);
    await db.delete(auditHead);
    await db.delete(auditLog);
    await db.insert(auditLog).values(pristine.log);
    await db.insert(auditHead).values(pristine.head);
    if (pristine.cps.length) await db.insert(auditCheckpoints).values(pristine.cps);
  });
}

/** Rewrites record `seq` and recomputes every later link and the head: the chain is whole again. */
async function rewriteAndRecompute(seq: number, after: unknown) {
  const rows = await db.select().from(auditLog).orderBy(asc(auditLog.seq));
  let prevHash = seq === 1 ? GENESIS_HASH : rows[seq - 2]!.hash;
  for (const r of rows.slice(seq - 1)) {
    const next = { ...r, prevHash, after: r.seq === seq ? after : r.after };
    const hash = hashRecord(next);
    await db.update(auditLog).set({ prevHash, after: next.after, hash }).where(eq(auditLog.seq, r.seq));
    prevHash = hash;
  }
  await db.update(auditHead).set({ hash: prevHash });
}

/** Deletes the records after `keep` and moves the head back to it, as if they had never been written. */
async function cutTail(keep: number) {
  const [last] = await db.select().from(auditLog).where(eq(auditLog.seq, keep));
  await db.delete(auditLog).where(sql`${auditLog.seq} > ${keep}`);
  await db.update(auditHead).set({ seq: keep, hash: last!.hash });
}

const verifyApi = async () => (await t.app.request("/api/audit/verify", { headers: admin.headers })).json();

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  const tree = await createUnitTree(db);
  admin = (await signedInUser(t.app, db, [grant("system_admin", tree.province)])).session;
  for (let i = 0; i < TOTAL; i++) {
    await db.transaction((tx) => writeAudit(tx, { actorId: null, action: "test.write", subjectType: "widget", subjectId: i, after: { n: i } }, tick()));
  }
  pristine = await snapshot();
});
afterAll(() => t.close());
beforeEach(restore);

describe("signed checkpoints", () => {
  it(`are written in the transaction of every ${N}th record and verify`, async () => {
    const cps = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq));
    expect(cps.map((c) => [c.seq, c.reason])).toEqual([
      [N, "count"],
      [2 * N, "count"],
    ]);
    const log = await db.select().from(auditLog).where(eq(auditLog.seq, N));
    expect(cps[0]!.hash).toBe(log[0]!.hash);
    const report = await verifyApi();
    expect(report).toMatchObject({ ok: true, records: TOTAL, headSeq: TOTAL, checkpoints: 2, lastCheckpoint: { seq: 2 * N, reason: "count" } });
    const page = await (await t.app.request("/admin/audit?verify=1", { headers: { cookie: admin.headers.cookie!, accept: "text/html" } })).text();
    expect(page).toContain(`2 điểm neo có chữ ký số đều hợp lệ; điểm mới nhất ở bản ghi số ${2 * N}`);
  });

  it("can be checked by anyone with the public key of /.well-known/audit-key (standard JWS, EdDSA)", async () => {
    const res = await t.app.request("/.well-known/audit-key");
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    const jwk = await res.json();
    expect(jwk).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig", kid: expect.any(String) });
    expect(jwk.d).toBeUndefined();
    const { lastCheckpoint } = await verifyApi();
    const { payload, protectedHeader } = await compactVerify(lastCheckpoint.jws, await importJWK(jwk, "EdDSA"));
    expect(protectedHeader.kid).toBe(jwk.kid);
    const [row] = await db.select().from(auditLog).where(eq(auditLog.seq, 2 * N));
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ v: 1, seq: 2 * N, hash: row!.hash, at: row!.at.toISOString(), reason: "count" });
  });
});

describe("what tampering without the key no longer hides", () => {
  it("a rewritten record with every later hash and the head recomputed", async () => {
    const seq = N + 17;
    await asSuperuser(() => rewriteAndRecompute(seq, { n: "đã sửa" }));
    // Every link holds: only the signature tells.
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: false, brokenAt: N + 1, records: N });
    expect(report.ok === false && report.reason).toMatch(new RegExp(`records ${N + 1} to ${2 * N} no longer match the checkpoint signed at record ${2 * N}`));
    expect(await verifyApi()).toMatchObject({ ok: false, brokenAt: N + 1 });
  });

  it("a rewrite of the first records", async () => {
    await asSuperuser(() => rewriteAndRecompute(1, { n: -1 }));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 1, records: 0 });
  });

  it("a deleted tail with the head moved back before the last checkpoint", async () => {
    const keep = 2 * N - 3;
    await asSuperuser(() => cutTail(keep));
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: false, brokenAt: keep + 1, records: keep });
    expect(report.ok === false && report.reason).toMatch(new RegExp(`names record ${2 * N}, but the log ends at ${keep}`));
    expect(await verifyApi()).toMatchObject({ ok: false, brokenAt: keep + 1 });
  });

  it("a deleted tail together with the checkpoints beyond it, down to a checkpoint mark", async () => {
    // Cutting to just past the first mark and removing the second checkpoint passes the beyond-the-end check,
    // and is the limit of what a database alone can show; but removing a checkpoint below the end shows.
    await asSuperuser(async () => {
      await cutTail(2 * N + 2);
      await db.delete(auditCheckpoints).where(eq(auditCheckpoints.seq, 2 * N));
    });
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: false, brokenAt: 2 * N });
    expect(report.ok === false && report.reason).toMatch(/checkpoint of record 200 is missing/);
  });

  it("every checkpoint removed from a chain long enough to have one", async () => {
    await asSuperuser(() => db.delete(auditCheckpoints));
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: false, brokenAt: 1 });
    expect(report.ok === false && report.reason).toMatch(/no signed checkpoint/);
  });

  it("a forged checkpoint signed with another key", async () => {
    const other = auditKeyFromPem(generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString());
    const [row] = await db.select().from(auditLog).where(eq(auditLog.seq, N + 50));
    const payload = { v: 1 as const, seq: row!.seq, hash: row!.hash, at: row!.at.toISOString(), reason: "daily" as const };
    await db.insert(auditCheckpoints).values({ seq: row!.seq, hash: row!.hash, at: row!.at, reason: "daily", kid: other.kid, jws: signCheckpoint(other, payload) });
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: false, brokenAt: N + 50 });
    expect(report.ok === false && report.reason).toMatch(/not signed by the audit key/);
  });

  it("a checkpoint row edited to match a rewritten chain (its signature still names the old hash)", async () => {
    await asSuperuser(async () => {
      await rewriteAndRecompute(N + 1, { n: "x" });
      const [r] = await db.select().from(auditLog).where(eq(auditLog.seq, 2 * N));
      await db.update(auditCheckpoints).set({ hash: r!.hash }).where(eq(auditCheckpoints.seq, 2 * N));
    });
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: false, brokenAt: 2 * N });
    expect(report.ok === false && report.reason).toMatch(/forged or altered/);
  });

  it("a signature checked against a published key that is not the database's own", async () => {
    const other = auditKeyFromPem(generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString());
    expect(await verifyAuditChain(db, 5000, other)).toMatchObject({ ok: false, brokenAt: N });
  });
});

describe("the append-only head and checkpoints", () => {
  it("refuse to move the head back, to a foreign hash, or away", async () => {
    const [head] = await db.select().from(auditHead);
    const [earlier] = await db.select().from(auditLog).where(eq(auditLog.seq, head!.seq - 1));
    await expect(db.update(auditHead).set({ seq: earlier!.seq, hash: earlier!.hash })).rejects.toThrow();
    await expect(db.update(auditHead).set({ seq: head!.seq + 1, hash: "f".repeat(64) })).rejects.toThrow();
    await expect(db.delete(auditHead)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_head`)).rejects.toThrow();
    expect(await db.select().from(auditHead)).toEqual([head]);
  });

  it("refuse UPDATE, DELETE and TRUNCATE of checkpoints", async () => {
    await expect(db.update(auditCheckpoints).set({ hash: "0" }).where(eq(auditCheckpoints.seq, N))).rejects.toThrow();
    await expect(db.delete(auditCheckpoints).where(eq(auditCheckpoints.seq, N))).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_checkpoints`)).rejects.toThrow();
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});

describe("the daily checkpoint", () => {
  it("signs a head that moved once the newest checkpoint is a day old, so a later cut tail shows", async () => {
    const [newest] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1);
    // Within the day: nothing to do.
    expect(await checkpointHead(db, new Date(newest!.at.getTime() + 3_600_000))).toBeNull();
    const nextDay = new Date(newest!.at.getTime() + 25 * 3_600_000);
    expect((await runDailyCertificateJob(db, nextDay)).auditCheckpoint).toBe(TOTAL);
    // Idempotent: the head has not moved since.
    expect(await checkpointHead(db, new Date(nextDay.getTime() + 25 * 3_600_000))).toBeNull();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checkpoints: 3, lastCheckpoint: { seq: TOTAL, reason: "daily" } });
    // The records after the last count mark are now anchored too.
    await asSuperuser(() => cutTail(TOTAL - 2));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: TOTAL - 1 });
    // restore() puts back only the pristine rows; the daily checkpoint goes with them.
  });
});
