import { eq, sql } from "drizzle-orm";
import type { Db } from "../src/db/client.js";
import { fileReport } from "../src/modules/stamps/services/reports.js";
import { refreshScanRollup } from "../src/modules/stamps/index.js";
import { stamps, stampScans } from "../src/modules/stamps/schema.js";

/*
 * The dashboard's part of the demo (issue 17): the dashboard and the register's open figures read what the rest of
 * the demo recorded (plans, certificates, stamps), so this only adds what a province running for a while would
 * also have: six weeks of consumers' scans of the demo's activated stamps (as the scan buffer writes them: coarse
 * places, one scanner's repeats marked), a consumer's report of a suspected fake on the voided roll, and the daily
 * job's monthly roll-up of scans. Idempotent: a batch that has scans already is left as it is.
 */

const DAY = 86_400_000;
const PLACES = [
  ["VN", "HT"],
  ["VN", "HT"],
  ["VN", "NA"],
  ["VN", "HN"],
  ["VN", "SG"],
] as const;

export async function seedDashboardDemo(db: Db, opts: { now: Date; batchId: number; voidCode: string | undefined; stampKey: string }): Promise<{ scans: number; report: string | null }> {
  // Stamps 11 on: the first ten stay unscanned, for the "first scan" the start log invites a visitor to try.
  const activated = await db.select({ id: stamps.id }).from(stamps).where(sql`${stamps.batchId} = ${opts.batchId} and ${stamps.activatedAt} is not null and ${stamps.seq} > 10`).orderBy(stamps.seq);
  if (!activated.length) return { scans: 0, report: null };
  const [had] = await db.select({ n: sql<number>`count(*)::int` }).from(stampScans).where(eq(stampScans.stampId, activated[0]!.id));
  if (Number(had?.n ?? 0) > 0) return { scans: 0, report: null };
  // A steady trickle over 42 days, more on market days: deterministic, so every demo looks the same.
  const rows: (typeof stampScans.$inferInsert)[] = [];
  for (let d = 42; d >= 1; d--) {
    const perDay = 2 + (d % 7 === 0 ? 6 : d % 3);
    for (let k = 0; k < perDay; k++) {
      const stamp = activated[(d * 7 + k * 3) % activated.length]!;
      const [country, region] = PLACES[(d + k) % PLACES.length]!;
      rows.push({ stampId: stamp.id, at: new Date(opts.now.getTime() - d * DAY + k * 3_600_000), country, region, verdict: "genuine", repeat: k % 5 === 4 });
    }
  }
  await db.insert(stampScans).values(rows);
  let report: string | null = null;
  if (opts.voidCode) {
    const r = await fileReport({
      db,
      now: new Date(opts.now.getTime() - 3 * DAY),
      requestId: "seed-demo",
      stampKeys: opts.stampKey,
      code: opts.voidCode,
      input: { what: "Tem trên hộp bưởi bán ở chợ báo đã hủy, người bán nói là hàng chính hãng (demo).", place: "Chợ Hương Khê", contact: undefined },
      photo: null,
    });
    report = r.caseNumber;
  }
  await refreshScanRollup(db, opts.now);
  return { scans: rows.length, report };
}
