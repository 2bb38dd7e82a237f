import { and, asc, between, eq, gt } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/client.js";
import { certificates } from "../../certificates/schema.js";
import { serialIs } from "./serial-match.js";
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
      yield { code, url: stampUrl(opts.baseUrl, code), productName: opts.productName, stars: opts.stars, seq: r.seq };
    }
    if (rows.length < size) return;
    after = rows[rows.length - 1]!.seq;
  }
}

/** Stars as printed: the certificate's at issue (3–5). */
export async function batchStars(db: DbOrTx, certificateId: number | null): Promise<3 | 4 | 5> {
  if (!certificateId) return 3;
  const [cert] = await db.select({ stars: certificates.stars }).from(certificates).where(eq(certificates.id, certificateId));
  return (cert?.stars ?? 3) as 3 | 4 | 5;
}

/** The batch of the stamp with this serial and its number in it, if one was issued. */
export async function batchOfSerial(db: DbOrTx, serial: string): Promise<{ batchId: number; seq: number } | undefined> {
  const [s] = await db.select({ batchId: stamps.batchId, seq: stamps.seq }).from(stamps).where(serialIs(serial)).limit(1);
  return s;
}
