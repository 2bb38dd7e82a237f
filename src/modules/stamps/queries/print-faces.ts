import { and, asc, between, eq, gt } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { encodeStampCode, stampUrl } from "../../../domain/stamp-code.js";
import type { StampFace } from "../render/stamp-face.js";
import { stamps } from "../schema.js";

/*
 * The faces of a batch's stamps in print order, read a page at a time (keyset on seq) so a sheet of a million
 * stamps streams without holding them: the PDF pulls the next page only when it has drawn the last. The code
 * (serial + MAC) is computed here, at print time; the database holds only serials.
 */
export async function* batchFaces(db: Db, opts: { batchId: number; fromSeq: number; toSeq: number; productName: string; stars: 3 | 4 | 5; key: string; baseUrl: string; pageSize?: number }): AsyncGenerator<StampFace> {
  const size = opts.pageSize ?? 2_000;
  let after = opts.fromSeq - 1;
  for (;;) {
    const rows = await db
      .select({ serial: stamps.serial, seq: stamps.seq })
      .from(stamps)
      .where(and(eq(stamps.batchId, opts.batchId), gt(stamps.seq, after), between(stamps.seq, opts.fromSeq, opts.toSeq)))
      .orderBy(asc(stamps.seq))
      .limit(size);
    for (const r of rows) {
      const code = encodeStampCode(r.serial, opts.key);
      yield { code, url: stampUrl(opts.baseUrl, code), productName: opts.productName, stars: opts.stars };
    }
    if (rows.length < size) return;
    after = rows[rows.length - 1]!.seq;
  }
}
