import type { Tx } from "../../db/client.js";
import { enqueueCertificateChange } from "../watch/outbox.js";
import { currentStates } from "./certificate-state.js";

/**
 * Called in the transaction of every decision that changes a certificate's status or stars at once (a
 * supersession, a revocation or suspension in effect today): watchers' webhooks are queued with the change, so
 * both commit or neither does. Changes that come with a date (expiry) are found by the daily job.
 */
export async function certificatesChanged(tx: Tx, ids: readonly number[], now: Date): Promise<void> {
  if (!ids.length) return;
  const states = await currentStates(tx, ids, now);
  for (const [certificateId, s] of states) {
    await enqueueCertificateChange(tx, { certificateId, status: s.status, stars: s.stars, reason: s.state.explanation, at: now, publicUrl: s.publicUrl });
  }
}
