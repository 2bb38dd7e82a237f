import type { Bilingual } from "../lib/i18n.js";

/*
 * A producer's own shop links (its website, its pages on marketplaces and social networks), shown to consumers
 * under "where to buy" once the provincial office has approved them. Consumers follow these links from an
 * official page, so a link must be a plain public web address: https (or http), a real host name, no user name
 * or password in it, no address of a private network. The office's approval is the human check; this is the
 * rule a link must pass before anyone looks at it.
 */

export const SHOP_LINK_KINDS = ["website", "marketplace", "social", "other"] as const;
export type ShopLinkKind = (typeof SHOP_LINK_KINDS)[number];

export const SHOP_LINK_KIND_LABELS: Record<ShopLinkKind, Bilingual> = {
  website: { vi: "Trang web của chủ thể", en: "Producer's website" },
  marketplace: { vi: "Sàn thương mại điện tử", en: "Online marketplace" },
  social: { vi: "Mạng xã hội", en: "Social network" },
  other: { vi: "Kênh bán khác", en: "Other channel" },
};

export const SHOP_LINK_STATUSES = ["pending", "approved", "rejected", "withdrawn"] as const;
export type ShopLinkStatus = (typeof SHOP_LINK_STATUSES)[number];

export const SHOP_LINK_STATUS_LABELS: Record<ShopLinkStatus, Bilingual> = {
  pending: { vi: "Chờ Văn phòng duyệt", en: "Awaiting the office" },
  approved: { vi: "Đã duyệt, đang hiển thị công khai", en: "Approved, shown publicly" },
  rejected: { vi: "Không duyệt", en: "Rejected" },
  withdrawn: { vi: "Chủ thể đã gỡ", en: "Withdrawn by the producer" },
};

/** How many links a product may have waiting or shown at once: enough for a website and a few marketplaces. */
export const MAX_SHOP_LINKS = 8;
export const MAX_SHOP_URL_LENGTH = 500;

/** Why a web address cannot be a shop link, or null when it can. */
export function shopUrlProblem(raw: string): Bilingual | null {
  if (raw.length > MAX_SHOP_URL_LENGTH) return { vi: `Địa chỉ dài quá ${MAX_SHOP_URL_LENGTH} ký tự.`, en: `The address is longer than ${MAX_SHOP_URL_LENGTH} characters.` };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { vi: "Không phải địa chỉ web (cần bắt đầu bằng https://).", en: "Not a web address (it must start with https://)." };
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return { vi: "Chỉ nhận địa chỉ https:// hoặc http://.", en: "Only https:// or http:// addresses are accepted." };
  if (u.username || u.password) return { vi: "Địa chỉ không được chứa tên đăng nhập hay mật khẩu.", en: "The address must not hold a user name or password." };
  const host = u.hostname.toLowerCase();
  const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("[");
  if (isIp || !host.includes(".") || host.endsWith(".local") || host.endsWith(".internal") || host === "localhost" || host.endsWith(".localhost")) {
    return { vi: "Cần tên miền công khai (ví dụ shopee.vn), không dùng địa chỉ IP hay mạng nội bộ.", en: "A public domain name is needed (e.g. shopee.vn), not an IP address or a private network." };
  }
  return null;
}

/** The address as stored and shown: parsed and re-serialised, so one link is always written one way. */
export const normaliseShopUrl = (raw: string): string => new URL(raw.trim()).toString();
