import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { type AuditEntry, hashRecord, verifyAuditChain, writeAudit } from "../../src/modules/audit/service.js";
import { auditHead, auditLog } from "../../src/modules/audit/schema.js";
import { isolatedDatabase } from "../support/harness.js";

type Row = typeof auditLog.$inferSelect;

const entry = (i: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  actorId: `user-${i % 3}`,
  action: "test.write",
  subjectType: "widget",
  subjectId: i,
  before: i % 2 ? null : { n: i - 1 },
  after: { n: i, label: `Sản phẩm ${i}`, at: new Date(Date.UTC(2026, 2, 1, 0, 0, i)), nested: { z: 1, a: [1, "b"] } },
  requestId: `req-${i}`,
  ...extra,
});

let clock = Date.parse("2026-03-01T03:00:00.123Z");
const tick = () => new Date((clock += 1001));

async function append(db: Db, n: number, from = 0) {
  for (let i = from; i < from + n; i++) await db.transaction((tx) => writeAudit(tx, entry(i), tick()));
}

async function asSuperuser<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  await db.execute(sql`alter table audit_log disable trigger user`);
  try {
    return await fn();
  } finally {
    await db.execute(sql`alter table audit_log enable trigger user`);
  }
}

const rowAt = async (db: Db, seq: number): Promise<Row> => (await db.select().from(auditLog).where(eq(auditLog.seq, seq)))[0]!;

describe("audit chain", () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await isolatedDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("reports an empty chain as intact", async () => {
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, records: 0, headSeq: 0, headHash: "0".repeat(64), checkpoints: 0, lastCheckpoint: null });
  });

  it("appends records in transactions and verifies them, including jsonb values read back in another key order", async () => {
    await append(db, 5);
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: true, records: 5, headSeq: 5 });
    const rows = await db.select().from(auditLog).orderBy(auditLog.seq);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    // Pages smaller than the chain walk the same links.
    expect(await verifyAuditChain(db, 2)).toEqual(report);
    // Inside a caller's transaction it reads that transaction's view.
    expect(await db.transaction((tx) => verifyAuditChain(tx))).toEqual(report);
  });

  it("leaves no record and no head change when the transaction rolls back", async () => {
    const before = await verifyAuditChain(db);
    await expect(
      db.transaction(async (tx) => {
        await writeAudit(tx, entry(99), tick());
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await verifyAuditChain(db)).toEqual(before);
    expect(await db.select().from(auditLog).where(eq(auditLog.subjectId, "99"))).toEqual([]);
  });

  it("never forks the chain under concurrent writers", async () => {
    const start = (await db.select().from(auditHead))[0]!.seq;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => db.transaction((tx) => writeAudit(tx, entry(100 + i), tick()))),
    );
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => start + 1 + i));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, headSeq: start + 10 });
  });

  it("reads one consistent snapshot while writers keep appending", async () => {
    let writing = true;
    const writers = (async () => {
      for (let i = 0; i < 40; i++) await db.transaction((tx) => writeAudit(tx, entry(200 + i), tick()));
      writing = false;
    })();
    const reports = [];
    while (writing) reports.push(await verifyAuditChain(db, 4));
    await writers;
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.filter((r) => !r.ok)).toEqual([]);
  });

  it("refuses UPDATE, DELETE and TRUNCATE through the append-only trigger", async () => {
    await expect(db.update(auditLog).set({ action: "forged" }).where(eq(auditLog.seq, 1))).rejects.toThrow();
    await expect(db.delete(auditLog).where(eq(auditLog.seq, 1))).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_log`)).rejects.toThrow();
    expect((await rowAt(db, 1)).action).toBe("test.write");
  });

  describe("tampering by a superuser who disables the trigger", () => {
    it("detects an altered record and names its seq", async () => {
      const original = await rowAt(db, 3);
      await asSuperuser(db, () => db.update(auditLog).set({ after: { n: 3, label: "đã sửa" } }).where(eq(auditLog.seq, 3)));
      const report = await verifyAuditChain(db);
      expect(report).toMatchObject({ ok: false, brokenAt: 3, records: 2 });
      expect(report.ok === false && report.reason).toMatch(/altered/);
      // Putting the exact value back restores the chain: the hash covers content, not storage details.
      await asSuperuser(db, () => db.update(auditLog).set({ after: original.after }).where(eq(auditLog.seq, 3)));
      expect((await verifyAuditChain(db)).ok).toBe(true);
    });

    it("detects a record removed from the middle", async () => {
      const removed = await rowAt(db, 4);
      await asSuperuser(db, () => db.delete(auditLog).where(eq(auditLog.seq, 4)));
      const report = await verifyAuditChain(db);
      expect(report).toMatchObject({ ok: false, brokenAt: 4, records: 3 });
      expect(report.ok === false && report.reason).toMatch(/missing/);
      await db.insert(auditLog).values(removed);
      expect((await verifyAuditChain(db)).ok).toBe(true);
    });

    it("detects the newest record removed while the head still remembers it", async () => {
      const [head] = await db.select().from(auditHead);
      const newest = await rowAt(db, head!.seq);
      await asSuperuser(db, () => db.delete(auditLog).where(eq(auditLog.seq, head!.seq)));
      const report = await verifyAuditChain(db);
      expect(report).toMatchObject({ ok: false, brokenAt: head!.seq, records: head!.seq - 1 });
      await db.insert(auditLog).values(newest);
      expect((await verifyAuditChain(db)).ok).toBe(true);
    });

    it("detects a forged record appended after the head", async () => {
      const [head] = await db.select().from(auditHead);
      const last = await rowAt(db, head!.seq);
      // A well-formed link: only the head, which the forger did not move, reveals it.
      const forged = { ...last, seq: head!.seq + 1, prevHash: last.hash, action: "forged" };
      await db.insert(auditLog).values({ ...forged, hash: hashRecord(forged) });
      const report = await verifyAuditChain(db);
      expect(report).toMatchObject({ ok: false, brokenAt: head!.seq + 1 });
      await asSuperuser(db, () => db.delete(auditLog).where(eq(auditLog.seq, head!.seq + 1)));
      expect((await verifyAuditChain(db)).ok).toBe(true);
    });

    it("leaves the trigger enabled afterwards", async () => {
      await expect(db.delete(auditLog).where(eq(auditLog.seq, 1))).rejects.toThrow();
    });
  });
});
