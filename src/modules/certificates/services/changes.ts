import type { Tx } from "../../../db/client.js";
import { noteChange } from "../../../db/change-notes.js";
import { currentStates } from "../queries.js";
import { syncStatusBits } from "./credentials.js";

/** What a change of a certificate's status or stars tells whoever listens (the watchers' outbox). */
export type CertificateChange = {
  certificateId: number;
  status: string;
  stars: number;
  reason?: { vi: string; en: string } | null;
  at: Date;
  publicUrl: string;
};

/** A listener runs inside the decision's transaction: if it throws, the decision rolls back (fail-closed). */
export type CertificateChangeListener = (tx: Tx, change: CertificateChange) => Promise<unknown>;

// The port: certificates sit below watch in the lifecycle, so watch's outbox is plugged in from above (app.ts)
// instead of being called from here.
const listeners = new Set<CertificateChangeListener>();

/** Plugs a listener into every certificate change; idempotent for the same function. */
export function onCertificateChange(listener: CertificateChangeListener): void {
  listeners.add(listener);
}

/**
 * Called in the transaction of every decision that changes a certificate's status or stars at once (a
 * supersession, a revocation or suspension in effect today): watchers' webhooks are queued with the change, so
 * both commit or neither does. Changes that come with a date (expiry) are found by the daily job.
 */
export async function certificatesChanged(tx: Tx, ids: readonly number[], now: Date): Promise<void> {
  if (!ids.length) return;
  // Every server process's scan page reads the certificate again once this commits (db/change-notes.ts).
  await noteChange(tx, { kind: "certificates", certificateIds: [...ids] });
  // The status lists' bits move with the change, in its transaction (services/credentials.ts).
  await syncStatusBits(tx, ids, now);
  if (listeners.size === 0) return;
  const states = await currentStates(tx, ids, now);
  for (const [certificateId, s] of states) {
    const change: CertificateChange = { certificateId, status: s.status, stars: s.stars, reason: s.state.explanation, at: now, publicUrl: s.publicUrl };
    for (const listener of listeners) await listener(tx, change);
  }
}
