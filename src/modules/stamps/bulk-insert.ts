import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { newSerials } from "../../domain/stamp-code.js";

/*
 * A batch's stamps in as few statements as the data allows: the serials travel as one text parameter per
 * chunk and are unnested in the database (one round trip per 100,000 stamps, no per-row parameters for the
 * driver to serialise), which runs the same on PGlite and PostgreSQL. A serial drawn twice (random serials
 * collide, rarely: see stamp-code.ts) is skipped by ON CONFLICT and drawn again for the missing positions.
 */

const CHUNK = 100_000;

export async function insertStamps(tx: Tx, batchId: number, quantity: number): Promise<void> {
  for (let from = 1; from <= quantity; from += CHUNK) {
    const n = Math.min(CHUNK, quantity - from + 1);
    let missing = await insertChunk(tx, batchId, from, newSerials(n));
    // Positions whose serial collided with an existing stamp get fresh serials until none is missing.
    for (let round = 0; missing.length > 0; round++) {
      if (round > 5) throw new Error("stamp serials keep colliding: the random source is broken");
      const fresh = newSerials(missing.length);
      missing = await insertAt(tx, batchId, missing, fresh);
    }
  }
}

async function insertChunk(tx: Tx, batchId: number, from: number, serials: string[]): Promise<number[]> {
  const rows = await tx.execute<{ seq: number }>(sql`
    with input as (select s, (${from - 1}::int + ord)::int as seq from unnest(string_to_array(${serials.join(",")}, ',')) with ordinality as t(s, ord)),
         ins as (insert into stamps (serial, batch_id, seq) select s, ${batchId}, seq from input on conflict do nothing returning seq)
    select seq from input where seq not in (select seq from ins)`);
  return rowsOf<{ seq: number }>(rows).map((r) => Number(r.seq));
}

async function insertAt(tx: Tx, batchId: number, seqs: number[], serials: string[]): Promise<number[]> {
  const rows = await tx.execute<{ seq: number }>(sql`
    with input as (select s, q::int as seq from unnest(string_to_array(${serials.join(",")}, ','), string_to_array(${seqs.join(",")}, ',')::int[]) as t(s, q)),
         ins as (insert into stamps (serial, batch_id, seq) select s, ${batchId}, seq from input on conflict do nothing returning seq)
    select seq from input where seq not in (select seq from ins)`);
  return rowsOf<{ seq: number }>(rows).map((r) => Number(r.seq));
}

/** postgres.js returns the rows array itself; PGlite returns `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
