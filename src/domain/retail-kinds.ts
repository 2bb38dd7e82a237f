import type { Bilingual } from "../lib/i18n.js";

/** The kinds of OCOP point of sale (Decision 950/QĐ-BCT): the retail registry records them, "where to buy" shows them. */
export const RETAIL_KINDS = ["showroom", "shop", "supermarket", "tourist_site", "online", "other"] as const;
export type RetailKind = (typeof RETAIL_KINDS)[number];

export const RETAIL_KIND_LABELS: Record<RetailKind, Bilingual> = {
  showroom: { vi: "Trung tâm / điểm giới thiệu sản phẩm OCOP", en: "OCOP showroom" },
  shop: { vi: "Cửa hàng", en: "Shop" },
  supermarket: { vi: "Siêu thị", en: "Supermarket" },
  tourist_site: { vi: "Điểm du lịch", en: "Tourist site" },
  online: { vi: "Bán trực tuyến", en: "Online" },
  other: { vi: "Khác", en: "Other" },
};
