import type { CertificateStatus } from "./certificate-status.js";
import type { Bilingual } from "../lib/i18n.js";
import { networkOf } from "./ip-network.js";

/*
 * The one answer a consumer gets on scanning a stamp: "is this genuine, and is it OCOP-certified today?".
 * Precedence: what is wrong with the stamp itself (unknown, void, not activated) comes before what is wrong
 * with the certificate (revoked, suspended, expired), which comes before the scan pattern (suspicious), then a
 * stamp sold at a point of sale (its pack left the shelf: on a shelf again, it was refilled; CheckVN's "đã bán"),
 * and only then is it genuine (first scan, or seen before).
 *
 * Suspicion must not be something one replayer can cause by flooding a genuine stamp (nor something a fake's
 * maker can hide by scanning a real one often): it counts distinct scanners (one per scanner and hour, kept
 * only in memory) and distinct coarse places, never raw requests.
 *
 * A scanner is a network, not a browser: the user-agent is whatever the client says, so one machine rotating
 * 25 of them was 25 scanners and could make any competitor's genuine stamp "suspicious". An address is what
 * the connection proves, and one party easily holds many addresses of one network (an IPv4 /24 of a hosting
 * provider, an IPv6 /48 of a site), so the scanner is the address's /24 or /48. Shoppers behind one carrier's
 * NAT then count as one scanner: suspicion errs toward not crying wolf, and copies scanned in other towns still
 * come from other networks.
 */

export const VERDICTS = ["genuine_first", "genuine_seen", "sold", "suspicious", "not_activated", "void", "certificate_expired", "certificate_suspended", "certificate_revoked", "unknown"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Beyond these, a stamp's pattern is not a product on a shelf: a copy is circulating. */
export const SUSPICION = {
  /** Distinct scanners within 24 hours. A bottle on a shelf is scanned by a few shoppers a day. */
  scannersPerDay: 20,
  /** Distinct coarse places (regions) within 24 hours. One product sits in one place at a time. */
  placesPerDay: 3,
} as const;

/** How much of an address names one scanner: IPv4 /24, IPv6 /48 (the networks one party commonly holds). */
export const SCANNER_NETWORK = { ipv4Bits: 24, ipv6Bits: 48 } as const;

/** The scanner a scan comes from: its address's network ("203.0.113.0/24"); the user-agent plays no part. */
export const scannerOf = (address: string): string => networkOf(address, SCANNER_NETWORK);

export type VerdictFacts =
  | { known: false }
  | {
      known: true;
      voided: boolean;
      activated: boolean;
      certificateStatus: CertificateStatus | null;
      /** Recorded scans before this one, and when the first was. */
      previousScans: number;
      firstScanAt: Date | null;
      /** Distinct scanners and distinct places in the last 24 hours, this scan included. */
      scannersLastDay: number;
      placesLastDay: number;
      /** When a point of sale marked the stamp sold at its till, if it did (selling is optional). */
      soldAt?: Date | null;
    };

export function scanVerdict(f: VerdictFacts): Verdict {
  if (!f.known) return "unknown";
  if (f.voided) return "void";
  if (!f.activated) return "not_activated";
  if (f.certificateStatus === "revoked") return "certificate_revoked";
  if (f.certificateStatus === "suspended") return "certificate_suspended";
  // A superseded certificate's stamps still stand for the product (a newer certificate covers it): not a warning.
  if (f.certificateStatus === "expired" || f.certificateStatus === "pending" || f.certificateStatus === null) return "certificate_expired";
  if (f.scannersLastDay > SUSPICION.scannersPerDay || f.placesLastDay >= SUSPICION.placesPerDay) return "suspicious";
  if (f.soldAt) return "sold";
  return f.previousScans === 0 ? "genuine_first" : "genuine_seen";
}

/** Whether the verdict is good news (green), a warning (amber) or bad news (red). */
export const VERDICT_TONE: Record<Verdict, "ok" | "warn" | "bad"> = {
  genuine_first: "ok",
  genuine_seen: "ok",
  // Amber: right for the buyer who just paid for it, a warning for anyone who finds it on a shelf.
  sold: "warn",
  suspicious: "bad",
  not_activated: "warn",
  void: "bad",
  certificate_expired: "warn",
  certificate_suspended: "bad",
  certificate_revoked: "bad",
  unknown: "bad",
};

export const VERDICT_TITLES: Record<Verdict, Bilingual> = {
  genuine_first: { vi: "Tem chính hãng — lần quét đầu tiên", en: "Genuine stamp — first scan" },
  genuine_seen: { vi: "Tem chính hãng — đã được quét trước đây", en: "Genuine stamp — scanned before" },
  sold: { vi: "Tem chính hãng — sản phẩm đã được bán ra", en: "Genuine stamp — the product was sold" },
  suspicious: { vi: "Cảnh báo: tem có dấu hiệu bị sao chép", en: "Warning: this stamp may have been copied" },
  not_activated: { vi: "Tem chưa được kích hoạt", en: "Stamp not activated" },
  void: { vi: "Tem đã bị hủy", en: "Stamp void" },
  certificate_expired: { vi: "Giấy chứng nhận OCOP đã hết hiệu lực", en: "OCOP certificate expired" },
  certificate_suspended: { vi: "Giấy chứng nhận OCOP đang bị tạm dừng", en: "OCOP certificate suspended" },
  certificate_revoked: { vi: "Giấy chứng nhận OCOP đã bị thu hồi", en: "OCOP certificate revoked" },
  unknown: { vi: "Không tìm thấy mã tem", en: "Unknown stamp code" },
};

/**
 * What the certificate card below the verdict may say. Only a genuine stamp of a product certified today
 * confirms the recognition: it shows the star mark and the certificate's own status. For every other verdict the
 * cards must not contradict the red or amber box above them (issue 16: a void stamp's page still showed
 * "OCOP ★★★★" and "Còn hiệu lực"), so the stars are not shown and the status says what the verdict says.
 */
export function cardStatus(v: Verdict): { confirms: true } | { confirms: false; status: Bilingual } {
  switch (v) {
    case "genuine_first":
    case "genuine_seen":
      return { confirms: true };
    // Amber like every warning: the cards state it rather than show the star mark for a pack on a shelf again.
    case "sold":
      return { confirms: false, status: { vi: "Tem đã được bán ra: chỉ đúng với gói sản phẩm được bán lúc đó (xem nơi và ngày bán ở trên)", en: "The stamp was sold: it stands only for the pack sold then (see where and when above)" } };
    case "suspicious":
      return { confirms: false, status: { vi: "Không xác nhận được: tem có dấu hiệu bị sao chép", en: "Not confirmed: the stamp may have been copied" } };
    case "not_activated":
      return { confirms: false, status: { vi: "Không xác nhận được: tem chưa gắn với lô sản phẩm nào", en: "Not confirmed: the stamp is attached to no production lot" } };
    case "void":
      return { confirms: false, status: { vi: "Không xác nhận được: tem đã bị hủy", en: "Not confirmed: the stamp is void" } };
    case "certificate_expired":
      return { confirms: false, status: { vi: "Đã hết hiệu lực", en: "Expired" } };
    case "certificate_suspended":
      return { confirms: false, status: { vi: "Đang bị tạm dừng hiệu lực", en: "Suspended" } };
    case "certificate_revoked":
      return { confirms: false, status: { vi: "Đã bị thu hồi", en: "Revoked" } };
    case "unknown":
      return { confirms: false, status: { vi: "Không tìm thấy mã tem", en: "Unknown stamp code" } };
  }
}

/** What the verdict means and what to do, in plain words. */
export function verdictAdvice(v: Verdict, facts: { previousScans: number; firstScanAt: string | null; soldBy?: string | null; soldOn?: string | null }): Bilingual {
  switch (v) {
    case "genuine_first":
      return { vi: "Tem do cơ quan quản lý OCOP tỉnh phát hành và đây là lần quét đầu tiên. Sản phẩm đang được công nhận OCOP.", en: "The stamp was issued by the provincial OCOP office and this is its first scan. The product is OCOP-certified." };
    case "genuine_seen":
      return {
        vi: `Tem chính hãng, đã được quét ${facts.previousScans} lần từ ngày ${facts.firstScanAt ?? "?"}. Nếu bạn vừa mở niêm phong mà tem đã bị quét nhiều lần ở nơi khác, hãy báo cho chúng tôi.`,
        en: `Genuine stamp, scanned ${facts.previousScans} times since ${facts.firstScanAt ?? "?"}. If you just opened the seal and the stamp was scanned many times elsewhere, please report it.`,
      };
    case "sold": {
      const by = facts.soldBy ?? "một điểm bán OCOP";
      const on = facts.soldOn ?? "?";
      return {
        vi: `Tem chính hãng, đã được bán tại ${by} ngày ${on}. Nếu bạn vừa mua sản phẩm ở đó, đây đúng là tem của gói bạn mua. Nếu bạn thấy sản phẩm này đang bày bán ở nơi khác, tem có thể đã bị dùng lại trên bao bì khác: hãy báo cho chúng tôi.`,
        en: `Genuine stamp, sold at ${facts.soldBy ?? "an OCOP point of sale"} on ${on}. If you just bought the product there, this is your pack's stamp. If you find the product on sale elsewhere, the stamp may have been reused on another pack: please report it.`,
      };
    }
    case "suspicious":
      return { vi: "Mã tem này được quét ở quá nhiều nơi hoặc quá nhiều lần trong thời gian ngắn, khác với một sản phẩm thật. Có thể tem bị sao chép: hãy báo tem nghi giả.", en: "This code was scanned in too many places or too often in a short time, unlike a real product. The stamp may be a copy: please report it." };
    case "not_activated":
      return { vi: "Tem đã được phát hành nhưng chưa được gắn lên lô sản phẩm nào. Sản phẩm thật luôn mang tem đã kích hoạt: hãy hỏi người bán hoặc báo tem nghi giả.", en: "The stamp was issued but never attached to a production lot. Real products carry activated stamps: ask the seller or report a suspected fake." };
    case "void":
      return { vi: "Tem này đã bị hủy (mất, thất lạc hoặc bị đánh cắp). Không nên mua sản phẩm mang tem này; hãy báo tem nghi giả.", en: "This stamp was voided (lost or stolen). Do not buy a product carrying it; please report it." };
    case "certificate_expired":
      return { vi: "Tem chính hãng nhưng giấy chứng nhận OCOP của sản phẩm đã hết hiệu lực: sản phẩm hiện không còn được công nhận OCOP.", en: "The stamp is genuine but the product's OCOP certificate has expired: the product is not OCOP-certified today." };
    case "certificate_suspended":
      return { vi: "Tem chính hãng nhưng giấy chứng nhận OCOP đang bị tạm dừng hiệu lực trong khi cơ quan chức năng kiểm tra.", en: "The stamp is genuine but the OCOP certificate is suspended while the authorities check the product." };
    case "certificate_revoked":
      return { vi: "Tem chính hãng nhưng giấy chứng nhận OCOP của sản phẩm đã bị thu hồi: sản phẩm không còn là sản phẩm OCOP.", en: "The stamp is genuine but the product's OCOP certificate was revoked: it is no longer an OCOP product." };
    case "unknown":
      return { vi: "Mã này không phải mã tem do cơ quan quản lý OCOP tỉnh phát hành. Hãy kiểm tra lại mã; nếu đúng như in trên tem, tem có thể là giả.", en: "This is not a code issued by the provincial OCOP office. Check the code; if it matches the stamp, the stamp may be fake." };
  }
}
