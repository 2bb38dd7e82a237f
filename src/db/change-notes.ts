import { sql } from "drizzle-orm";
import type { DbOrTx } from "./types.js";

/*
 * Changes that every server process must see at once, sent through PostgreSQL's NOTIFY on one channel. A
 * notification sent inside a transaction is delivered when it commits, and never if it rolls back, so a note can
 * be written beside the change it announces. Listeners (the stamp view caches) fall back to their TTL if a note
 * is missed (a listener reconnecting).
 */
export const CHANGE_CHANNEL = "ocop_changes";

export type ChangeNote =
  | { kind: "batch"; batchId: number }
  | { kind: "certificates"; certificateIds: number[] }
  /** Stamps scanned (a scanner's first scan in the hour) by the process `from`, in the rows just written. */
  | { kind: "scans"; from: string; stampIds: number[] };

/** PostgreSQL refuses a payload of 8,000 bytes or more; notes of scanned stamps are cut below it. */
const MAX_PAYLOAD = 7_800;

export async function noteChange(tx: DbOrTx, note: ChangeNote): Promise<void> {
  await tx.execute(sql`select pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(note)})`);
}

/** The payloads announcing these scanned stamps, each under PostgreSQL's limit (several when many). */
export function scanNotePayloads(from: string, stampIds: readonly number[]): string[] {
  const out: string[] = [];
  const head = JSON.stringify({ kind: "scans", from, stampIds: [] }).length;
  let ids: number[] = [];
  let size = head;
  for (const id of stampIds) {
    const add = String(id).length + 1;
    if (size + add > MAX_PAYLOAD && ids.length) {
      out.push(JSON.stringify({ kind: "scans", from, stampIds: ids }));
      ids = [];
      size = head;
    }
    ids.push(id);
    size += add;
  }
  if (ids.length) out.push(JSON.stringify({ kind: "scans", from, stampIds: ids }));
  return out;
}

/** The note in a payload, or null for anything else on the channel. */
export function parseChangeNote(payload: string): ChangeNote | null {
  try {
    const v = JSON.parse(payload) as Partial<{ kind: string; batchId: unknown; certificateIds: unknown; from: unknown; stampIds: unknown }>;
    if (v.kind === "batch" && Number.isInteger(v.batchId)) return { kind: "batch", batchId: v.batchId as number };
    if (v.kind === "certificates" && Array.isArray(v.certificateIds) && v.certificateIds.every(Number.isInteger)) return { kind: "certificates", certificateIds: v.certificateIds as number[] };
    if (v.kind === "scans" && typeof v.from === "string" && Array.isArray(v.stampIds) && v.stampIds.every(Number.isInteger)) return { kind: "scans", from: v.from, stampIds: v.stampIds as number[] };
  } catch {
    // not ours
  }
  return null;
}
