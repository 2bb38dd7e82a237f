import type { Tx } from "../../../db/client.js";
import { notifications } from "../schema.js";

/**
 * A notice to a province's OCOP office, on its /notices page (the same list as the certificate reminders).
 * Art. 7.4g: "Bộ Nông nghiệp và Môi trường thông báo kết quả đánh giá, phân hạng sản phẩm OCOP cho UBND cấp
 * tỉnh" — the central council's outcome and the Ministry's 5★ decision reach the province that sent the
 * dossier. The caller writes the audit record in the same transaction; `dedupeKey` makes a retry harmless.
 */
export async function notifyProvinceOffice(
  tx: Tx,
  n: { provinceId: number; kind: string; text: { vi: string; en: string }; dedupeKey: string; certificateId?: number | null; now: Date },
): Promise<void> {
  await tx
    .insert(notifications)
    .values({ audience: "office", unitId: n.provinceId, certificateId: n.certificateId ?? null, kind: n.kind, vi: n.text.vi, en: n.text.en, dedupeKey: n.dedupeKey, createdAt: n.now })
    .onConflictDoNothing();
}
