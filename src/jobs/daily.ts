import type { Db } from "../db/client.js";
import { checkpointHead } from "../modules/audit/index.js";
import { certificateStatusNow, runDailyNotices } from "../modules/certificates/index.js";
import { refreshWatches } from "../modules/watch/index.js";

/**
 * The hourly job of the Node server, above the areas it calls. What changes with the calendar alone: certificates entering their re-evaluation window or expiring get their
 * notices, watchers get a webhook for a status that changed overnight, and the audit head gets its daily signed
 * checkpoint. Every step is idempotent, so the
 * job runs at start and every hour rather than at one fragile minute past midnight.
 */
export async function runDailyCertificateJob(db: Db, now: Date): Promise<{ notices: number; webhooks: number; auditCheckpoint: number | null }> {
  const notices = await runDailyNotices(db, now);
  const webhooks = await refreshWatches(db, now, (ids) => certificateStatusNow(db, ids, now));
  // The audit head is signed at least daily, so records between two CHECKPOINT_EVERY marks are anchored too.
  const auditCheckpoint = await checkpointHead(db, now);
  return { notices, webhooks, auditCheckpoint };
}

export function startDailyCertificateJob(deps: { db: Db; now: () => Date; logger: { warn(m: string, f?: Record<string, unknown>): void } }, intervalMs = 3_600_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runDailyCertificateJob(deps.db, deps.now());
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
