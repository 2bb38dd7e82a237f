import { sql } from "drizzle-orm";
import type { DbOrTx } from "./types.js";

/*
 * Changes that every server process must see at once, sent through PostgreSQL's NOTIFY on one channel. A
 * notification sent inside a transaction is delivered when it commits, and never if it rolls back, so a note can
 * be written beside the change it announces. Listeners (the stamp view caches) fall back to their TTL if a note
 * is missed (a listener reconnecting).
 */
export const CHANGE_CHANNEL = "ocop_changes";

export type ChangeNote = { kind: "batch"; batchId: number } | { kind: "certificates"; certificateIds: number[] };

export async function noteChange(tx: DbOrTx, note: ChangeNote): Promise<void> {
  await tx.execute(sql`select pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(note)})`);
}

/** The note in a payload, or null for anything else on the channel. */
export function parseChangeNote(payload: string): ChangeNote | null {
  try {
    const v = JSON.parse(payload) as Partial<{ kind: string; batchId: unknown; certificateIds: unknown }>;
    if (v.kind === "batch" && Number.isInteger(v.batchId)) return { kind: "batch", batchId: v.batchId as number };
    if (v.kind === "certificates" && Array.isArray(v.certificateIds) && v.certificateIds.every(Number.isInteger)) return { kind: "certificates", certificateIds: v.certificateIds as number[] };
  } catch {
    // not ours
  }
  return null;
}
