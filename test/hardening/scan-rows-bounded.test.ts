import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stampRuntime } from "../../src/modules/stamps/runtime/stamp-runtime.js";
import { stampScans } from "../../src/modules/stamps/schema.js";
import { stamps } from "../../src/modules/stamps/schema.js";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { issuedBatch, lot, scan } from "../stamps/support.js";

/*
 * Issue 13: one client wrote 173,170 scan rows (19 MB) in 30 s by replaying stamps. Its repeats were already not
 * counted as scanners; now they are not stored a row each either: a stamp's repeats are tallied in memory and
 * written as one row a minute that says how many scans it stands for, so the totals stay right.
 */

const REPEATS = 400;

let t: TestApp;
beforeAll(async () => {
  // A budget above the replay, so this test sees the rows the replay leaves, not the limiter's refusals.
  t = await createTestApp({ config: { trustProxy: true, rateLimits: { scansPerMinute: 10 * REPEATS, reportsPerHour: 10, syncMs: 1000 } } });
});
afterAll(() => t.close());

async function rowsOf(stampSerial: string) {
  const [s] = await t.database.db.select({ id: stamps.id }).from(stamps).where(eq(stamps.serial, stampSerial));
  const r = await t.database.db.select({ rows: sql<number>`count(*)::int`, scans: sql<number>`coalesce(sum(${stampScans.times}), 0)::int`, first: sql<number>`(count(*) filter (where not ${stampScans.repeat}))::int` }).from(stampScans).where(eq(stampScans.stampId, s!.id));
  return { rows: Number(r[0]!.rows), scans: Number(r[0]!.scans), first: Number(r[0]!.first) };
}

describe("a hammering client's scan rows are bounded", () => {
  it(`stores ${REPEATS} repeats of one client on one stamp as two rows (its first scan, one tally) with every scan counted`, async () => {
    const { w, batch, codes } = await issuedBatch(t, 1);
    await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, lot }));
    t.clock.advance(1000);
    const code = codes[0]!;
    for (let i = 0; i < REPEATS; i++) {
      const res = await scan(t, code, { ip: "203.0.113.50", ua: `agent-${i % 7}`, json: true });
      expect(res.status).toBe(200);
      // Flushes run as the client hammers; the repeats stay tallied in memory meanwhile.
      if (i % 50 === 0) await stampRuntime(t.deps).recorder.flush();
    }
    await stampRuntime(t.deps).recorder.flushAll();
    const counted = await rowsOf(code.slice(0, 12));
    expect(counted).toEqual({ rows: 2, scans: REPEATS, first: 1 });

    // A minute later the same client goes on: one more tally row, not one per scan.
    t.clock.advance(61_000);
    for (let i = 0; i < REPEATS; i++) await scan(t, code, { ip: "203.0.113.51", ua: "x", json: true });
    await stampRuntime(t.deps).recorder.flushAll();
    const after = await rowsOf(code.slice(0, 12));
    expect(after.scans).toBe(2 * REPEATS);
    expect(after.rows).toBeLessThanOrEqual(3);

    // A fresh view counts the total from the tallies: the shop's next shopper (another network) sees the truth.
    stampRuntime(t.deps).cache.clear();
    expect(JSON.parse((await scan(t, code, { ip: "198.51.100.1", json: true })).text).scans.previous).toBe(1);
  });
});
