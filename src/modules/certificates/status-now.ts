import type { DbOrTx } from "../../db/client.js";
import { currentStates } from "./certificate-state.js";

/** Status and stars today, with the public path, of the given certificates: what watches compare against. */
export async function certificateStatusNow(db: DbOrTx, certificateIds: number[], now: Date): Promise<Map<number, { status: string; stars: number; publicUrl: string }>> {
  const states = await currentStates(db, certificateIds, now);
  return new Map([...states].map(([id, s]) => [id, { status: s.status, stars: s.stars, publicUrl: s.publicUrl }]));
}
