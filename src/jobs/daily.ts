import type { Db } from "../db/client.js";
import { checkpointHead } from "../modules/audit/index.js";
import { certificateStatusNow, refreshCredentials, runDailyNotices, runDocumentExpiryNotices } from "../modules/certificates/index.js";
import { publishOpenData, type PublishRun } from "../modules/opendata/index.js";
import { ensureScanPartitions, refreshScanRollup, type RollupRun } from "../modules/stamps/index.js";
import { refreshWatches } from "../modules/watch/index.js";

/**
 * The hourly job of the Node server, above the areas it calls. What changes with the calendar alone: certificates entering their re-evaluation window or expiring get their
 * notices, watchers get a webhook for a status that changed overnight, the scans table gets its month
 * partitions ahead (and any scans that fell into its default partition are moved to their month), the
 * monthly roll-up of scans takes in the days that ended (the reports' figures read it), the audit head gets
 * its daily signed checkpoint, and the day's open data is published once (issue 19). Every step is idempotent, so the
 * job runs at start and every hour rather than at one fragile minute past midnight.
 *
 * Like the notices and webhooks, the partitions it makes are system upkeep, not anyone's decision, so they get
 * no audit record; what it made is in its result. (Archiving a month, an operator's act, is audited.)
 */
export async function runDailyCertificateJob(
  db: Db,
  now: Date,
  opts: { publicBaseUrl?: string } = {},
): Promise<{ notices: number; documentNotices: number; credentials: { issued: number; listsChanged: number }; webhooks: number; scanRollup: RollupRun; scanPartitions: { created: string[]; moved: number; skipped: string[] }; auditCheckpoint: number | null; openData: PublishRun }> {
  const notices = await runDailyNotices(db, now);
  // Documents of certified products ending in 60 or 30 days (QĐ 26/2026 Art. 6.1c: time-limited papers).
  const documentNotices = await runDocumentExpiryNotices(db, now);
  // Status list bits of changes dated ahead (a revocation in effect from today, a suspension run out), and
  // credentials for certificates that have none yet.
  const credentials = await refreshCredentials(db, now);
  const webhooks = await refreshWatches(db, now, (ids) => certificateStatusNow(db, ids, now));
  // The audit head is signed at least daily, so records between two CHECKPOINT_EVERY marks are anchored too.
  const auditCheckpoint = await checkpointHead(db, now);
  // Before the partitions: it reads stamp_scans under the lock the partition step may wait for.
  const scanRollup = await refreshScanRollup(db, now);
  // Last: it may wait up to its lock timeout behind a long report, and gives up (to retry next hour) without
  // holding back the steps above. The months ahead leave it ~2 months of hourly retries before one is needed.
  const scanPartitions = await ensureScanPartitions(db, now);
  // After the checkpoint above, so the manifest names today's signed head; published once a day, reruns skip.
  const openData = await publishOpenData(db, now, opts.publicBaseUrl ?? "");
  return { notices, documentNotices, credentials, webhooks, scanRollup, scanPartitions, auditCheckpoint, openData };
}

export function startDailyCertificateJob(deps: { db: Db; now: () => Date; publicBaseUrl?: string; logger: { warn(m: string, f?: Record<string, unknown>): void } }, intervalMs = 3_600_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runDailyCertificateJob(deps.db, deps.now(), deps.publicBaseUrl === undefined ? {} : { publicBaseUrl: deps.publicBaseUrl });
    } catch (err) {
      deps.logger.warn("daily certificate job failed", { error: String(err) });
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
