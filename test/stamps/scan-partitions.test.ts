import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDailyCertificateJob } from "../../src/jobs/daily.js";
import { addMonths, archivable, monthBounds, monthOf, monthsAhead, monthsSpanning, parseMonth, partitionName } from "../../src/domain/scan-partitions.js";
import { newSerial } from "../../src/domain/stamp-code.js";
import { auditLog } from "../../src/modules/audit/schema.js";
import { products } from "../../src/modules/products/schema.js";
import { scansByDay, scansByPlace, scansInScope, statsWindow, suspiciousStamps, type StatsScope } from "../../src/modules/stamps/queries/scan-stats.js";
import { insertScans } from "../../src/modules/stamps/runtime/scan-recorder.js";
import { stampBatches, stamps } from "../../src/modules/stamps/schema.js";
import { batchView } from "../../src/modules/stamps/services/batches.js";
import { rowsOf } from "../../src/modules/stamps/services/bulk-insert.js";
import { archiveScanMonth, ensureScanPartition, ensureScanPartitions, exportScanMonth, listScanPartitions } from "../../src/modules/stamps/services/scan-partitions.js";
import { SUSPICION } from "../../src/domain/scan-verdict.js";
import { createProduct } from "../evaluation/support.js";
import { createProducer, createUnit } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";

/*
 * stamp_scans partitioned by UTC month (issue 14): scans either side of a month's edge land in two partitions,
 * the daily job makes the months ahead (again and again, idempotently), a scan of a month without a partition
 * waits in the default partition and is moved when its month is made, the statistics read across the edge and
 * only the partitions of their window, and a past month is archived (detached) while the current one is not.
 * Each test works in months of its own, far from the real clock's (which the migration used).
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const db = () => t.database.db;
const rows = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await db().execute(q));
const attached = async () => (await listScanPartitions(db())).map((p) => p.name);

async function stampOf(issuedAt: Date) {
  const province = await createUnit(db(), { level: "province" });
  const commune = await createUnit(db(), { level: "commune", parent: province });
  const producer = await createProducer(db(), commune);
  const productId = await createProduct(t, commune, producer.id, null);
  const [b] = await db().insert(stampBatches).values({ productId, quantity: 1, state: "printed", issuedAt, createdAt: issuedAt }).returning();
  const [s] = await db().insert(stamps).values({ serial: newSerial(), batchId: b!.id, seq: 1, activatedAt: issuedAt }).returning({ id: stamps.id });
  return { stampId: s!.id, batch: b!, productId };
}

/** Scans written as the hot path writes them (one INSERT through the parent); each row's id and partition. */
async function scanAt(stampId: number, ...ats: string[]) {
  await insertScans(db(), ats.map((at) => ({ stampId, at: new Date(at), country: "VN", region: "Hà Tĩnh", verdict: "genuine_seen", repeat: false })));
  return whereIs(stampId);
}
const whereIs = (stampId: number) =>
  rows<{ id: string; at: Date | string; part: string }>(sql`select id::text as id, at, tableoid::regclass::text as part from stamp_scans where stamp_id = ${stampId} order by at, id`).then((r) =>
    r.map((x) => ({ id: x.id, at: new Date(x.at).toISOString(), part: x.part })),
  );

describe("the month rule", () => {
  it("names, bounds and counts months in UTC", () => {
    expect(partitionName("2026-01")).toBe("stamp_scans_2026_01");
    expect(monthBounds("2026-12")).toEqual({ from: new Date("2026-12-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") });
    expect(monthOf(new Date("2026-01-31T23:59:59.999Z"))).toBe("2026-01");
    expect(monthOf(new Date("2026-02-01T00:00:00Z"))).toBe("2026-02");
    expect(monthsAhead(new Date("2026-12-03T09:00:00Z"))).toEqual(["2026-12", "2027-01", "2027-02"]);
    expect(addMonths("2026-01", -13)).toBe("2024-12");
    // 30 Vietnam days around a February touch three months.
    expect(monthsSpanning(new Date("2026-01-31T17:00:00Z"), new Date("2026-03-02T17:00:00Z"))).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(monthsSpanning(new Date("2026-02-01T00:00:00Z"), new Date("2026-03-01T00:00:00Z"))).toEqual(["2026-02"]);
    expect(parseMonth("2025-01")).toBe("2025-01");
    for (const bad of ["2025-13", "2025-1", "25-01", "2025-01-01", "1999-12"]) expect(parseMonth(bad)).toBeNull();
    const now = new Date("2026-12-03T09:00:00Z");
    expect(archivable("2026-12", now)).toEqual({ ok: false, reason: "current" });
    expect(archivable("2027-01", now)).toEqual({ ok: false, reason: "future" });
    expect(archivable("2026-11", now)).toEqual({ ok: true });
  });
});

describe("the partitioned table", () => {
  it("puts scans either side of a month's edge in two partitions", async () => {
    await ensureScanPartitions(db(), new Date("2026-01-15T00:00:00Z"));
    const s = await stampOf(new Date("2026-01-10T00:00:00Z"));
    const at = await scanAt(s.stampId, "2026-01-31T23:59:59Z", "2026-02-01T00:00:00Z");
    expect(at.map((x) => x.part)).toEqual(["stamp_scans_2026_01", "stamp_scans_2026_02"]);
    // One identity across the partitions.
    expect(new Set(at.map((x) => x.id)).size).toBe(2);
  });

  it("takes a scan of a month with no partition into the default partition, and moves it when the month is made", async () => {
    const s = await stampOf(new Date("2031-03-01T00:00:00Z"));
    const before = await scanAt(s.stampId, "2031-03-15T08:00:00Z", "2031-03-31T23:59:59.999Z", "2031-04-01T00:00:00Z");
    expect(before.map((x) => x.part)).toEqual(["stamp_scans_default", "stamp_scans_default", "stamp_scans_default"]);

    const made = await ensureScanPartition(db(), "2031-03");
    expect(made).toEqual({ month: "2031-03", name: "stamp_scans_2031_03", created: true, moved: 2 });
    const after = await whereIs(s.stampId);
    // The same rows (ids kept), March's now in its partition, April's still waiting.
    expect(after).toEqual(before.map((x, i) => ({ ...x, part: i < 2 ? "stamp_scans_2031_03" : "stamp_scans_default" })));
    expect(await ensureScanPartition(db(), "2031-03")).toEqual({ month: "2031-03", name: "stamp_scans_2031_03", created: false, moved: 0 });

    // The daily job empties the default: April gets its partition too.
    const job = await ensureScanPartitions(db(), new Date("2031-03-20T00:00:00Z"));
    expect(job.created).toEqual(["stamp_scans_2031_04", "stamp_scans_2031_05"]);
    expect(job.moved).toBe(1);
    expect((await whereIs(s.stampId)).map((x) => x.part)).toEqual(["stamp_scans_2031_03", "stamp_scans_2031_03", "stamp_scans_2031_04"]);
    expect(await rows(sql`select 1 from stamp_scans_default`)).toHaveLength(0);
  });

  it("is made ahead by the daily job, the same partitions however often it runs, with no audit record", async () => {
    const now = new Date("2030-05-10T03:00:00Z");
    const [audited] = await rows<{ n: number }>(sql`select count(*)::int as n from audit_log`);
    const first = await runDailyCertificateJob(db(), now);
    expect(first.scanPartitions).toEqual({ created: ["stamp_scans_2030_05", "stamp_scans_2030_06", "stamp_scans_2030_07"], moved: 0, skipped: [] });
    const again = await runDailyCertificateJob(db(), new Date(now.getTime() + 3_600_000));
    expect(again.scanPartitions).toEqual({ created: [], moved: 0, skipped: [] });
    const next = await runDailyCertificateJob(db(), new Date("2030-06-01T00:00:00Z"));
    expect(next.scanPartitions.created).toEqual(["stamp_scans_2030_08"]);
    expect(await attached()).toEqual(expect.arrayContaining(["stamp_scans_2030_05", "stamp_scans_2030_06", "stamp_scans_2030_07", "stamp_scans_2030_08", "stamp_scans_default"]));
    const [after] = await rows<{ n: number }>(sql`select count(*)::int as n from audit_log`);
    expect(Number(after!.n)).toBe(Number(audited!.n));
  });

  it("is made once when two processes make the same month at the same time", async () => {
    const both = await Promise.all([ensureScanPartition(db(), "2033-08"), ensureScanPartition(db(), "2033-08")]);
    expect(both.filter((r) => r.created)).toHaveLength(1);
    expect(await attached()).toContain("stamp_scans_2033_08");
  });
});

describe("the statistics across a month's edge", () => {
  it("count the scans of both months, and read only the partitions of their window", async () => {
    await ensureScanPartitions(db(), new Date("2026-01-15T00:00:00Z"));
    const s = await stampOf(new Date("2026-01-05T00:00:00Z"));
    const scan = (at: string, region: string) => ({ stampId: s.stampId, at: new Date(at), country: "VN", region, verdict: "genuine_seen", repeat: false });
    await insertScans(db(), [scan("2026-01-20T03:00:00Z", "Hà Tĩnh"), scan("2026-01-31T23:59:59Z", "Hà Tĩnh"), scan("2026-02-01T00:00:00Z", "Nghệ An"), scan("2026-02-01T09:00:00Z", "Hà Nội")]);
    expect((await whereIs(s.stampId)).map((x) => x.part)).toEqual(["stamp_scans_2026_01", "stamp_scans_2026_01", "stamp_scans_2026_02", "stamp_scans_2026_02"]);
    const scope: StatsScope = { where: eq(products.id, s.productId), office: true, product: null };
    const now = new Date("2026-02-01T10:00:00Z");
    const w = statsWindow(now);
    const days = await scansByDay(db(), scope, w);
    expect(days.filter((d) => d.scans)).toEqual([
      { day: "2026-01-20", scans: 1 },
      { day: "2026-02-01", scans: 3 }, // 06:59:59, 07:00 and 16:00 in Vietnam
    ]);
    expect(await scansByPlace(db(), scope, w)).toEqual([
      { country: "VN", region: "Hà Tĩnh", scans: 2 },
      { country: "VN", region: "Hà Nội", scans: 1 },
      { country: "VN", region: "Nghệ An", scans: 1 },
    ]);
    // The last 24 hours span both months: three places in them, one in January and two in February.
    expect(SUSPICION.placesPerDay).toBe(3);
    expect(await suspiciousStamps(db(), scope, now)).toMatchObject([{ stampId: s.stampId, scans: 3, places: 3, lastScanAt: "2026-02-01T09:00:00.000Z" }]);
    // The batch's count of scanned stamps reads from the month it was issued.
    expect((await batchView(db(), s.batch)).counts.scanned).toBe(1);

    // The window (02/01 to 01/02, Vietnam days) touches January and February only: the plan names no other month.
    const plan = await rows<{ "QUERY PLAN": string }>(sql`explain ${scansInScope(db(), { n: sql`count(*)` }, scope, w.since, w.until)}`);
    const read = new Set(plan.flatMap((r) => [...r["QUERY PLAN"].matchAll(/stamp_scans_(\d{4}_\d{2}|default)/g)].map((m) => m[0])));
    expect(read).toEqual(new Set(["stamp_scans_2026_01", "stamp_scans_2026_02"]));
  });
});

describe("archiving a month", () => {
  it("writes a month's rows out in id order, a page at a time, however many digits the ids have", async () => {
    await ensureScanPartition(db(), "2028-02");
    await db().execute(sql`insert into stamp_scans (id, stamp_id, at, verdict) overriding system value values
      (10000000, 1, '2028-02-03T00:00:00Z', 'genuine_seen'), (9999999, 1, '2028-02-02T00:00:00Z', 'genuine_seen'), (10000001, 1, '2028-02-01T00:00:00Z', 'genuine_seen')`);
    let out = "";
    expect(await exportScanMonth(db(), "2028-02", "jsonl", (x) => void (out += x), 1)).toBe(3);
    expect(out.trim().split("\n").map((l) => JSON.parse(l).id)).toEqual([9999999, 10000000, 10000001]);
  });

  it("refuses the current and future months, and detaches a past one after writing its rows out", async () => {
    const now = new Date("2029-06-10T03:00:00Z");
    await ensureScanPartitions(db(), new Date("2029-04-01T00:00:00Z"));
    const s = await stampOf(new Date("2029-04-01T00:00:00Z"));
    await scanAt(s.stampId, "2029-04-02T00:00:00Z", "2029-04-30T23:59:59Z", "2029-05-01T00:00:00Z", "2029-06-01T00:00:00Z");

    expect(await archiveScanMonth(db(), { month: "2029-06", now })).toEqual({ ok: false, month: "2029-06", name: "stamp_scans_2029_06", reason: "current" });
    expect(await archiveScanMonth(db(), { month: "2029-07", now })).toMatchObject({ ok: false, reason: "future" });
    expect(await archiveScanMonth(db(), { month: "2029-01", now })).toMatchObject({ ok: false, reason: "absent" });

    let jsonl = "";
    const r = await archiveScanMonth(db(), { month: "2029-04", now, out: { format: "jsonl", write: (x) => void (jsonl += x), file: "april.jsonl" } });
    expect(r).toEqual({ ok: true, month: "2029-04", name: "stamp_scans_2029_04", rows: 2, exported: 2, dropped: false });
    const lines = jsonl.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.at)).toEqual(["2029-04-02T00:00:00.000Z", "2029-04-30T23:59:59.000Z"]);
    expect(lines[0]).toMatchObject({ stampId: s.stampId, country: "VN", region: "Hà Tĩnh", verdict: "genuine_seen", repeat: false, times: 1 });

    // April is out of stamp_scans (and every count), kept beside it as a table of its own.
    expect(await attached()).not.toContain("stamp_scans_2029_04");
    expect((await whereIs(s.stampId)).map((x) => x.part)).toEqual(["stamp_scans_2029_05", "stamp_scans_2029_06"]);
    const [kept] = await rows<{ n: number }>(sql`select count(*)::int as n from stamp_scans_2029_04`);
    expect(Number(kept!.n)).toBe(2);
    expect(await archiveScanMonth(db(), { month: "2029-04", now })).toMatchObject({ ok: false, reason: "detached" });
    // The archive is not made again as an empty month beside it.
    expect(await ensureScanPartition(db(), "2029-04")).toMatchObject({ created: false, skipped: "detached" });
    const [rec] = await db().select().from(auditLog).where(eq(auditLog.action, "stamp_scans.archive_month"));
    expect(rec).toMatchObject({ actorId: null, subjectId: "stamp_scans_2029_04", after: { month: "2029-04", rows: 2, exported: 2, file: "april.jsonl", format: "jsonl", dropped: false } });

    // May as CSV, dropped once written.
    let csv = "";
    expect(await archiveScanMonth(db(), { month: "2029-05", now, out: { format: "csv", write: (x) => void (csv += x) }, drop: true })).toMatchObject({ ok: true, rows: 1, exported: 1, dropped: true });
    const [header, line] = csv.trim().split("\n");
    expect(header).toBe("id,stamp_id,at,country,region,verdict,repeat,times");
    expect(line).toMatch(new RegExp(`^\\d+,${s.stampId},2029-05-01T00:00:00.000Z,VN,Hà Tĩnh,genuine_seen,false,1$`));
    expect(await rows(sql`select 1 from pg_class where relname = 'stamp_scans_2029_05'`)).toHaveLength(0);
  });
});
