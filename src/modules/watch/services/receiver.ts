import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import type { Bilingual } from "../../../lib/i18n.js";

/*
 * Where a webhook may be sent. A subscriber chooses the URL, so without these checks the registry would POST
 * on their behalf to its own loopback, the cloud metadata address or the intranet (SSRF). Tests and intranets
 * switch the checks off with WEBHOOK_ALLOW_PRIVATE.
 */

export const MAX_URL_LENGTH = 2000;

// Loopback, private, link-local, CGNAT, documentation, benchmarking, multicast and reserved ranges.
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["100::", 64], ["2001::", 23], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) blocked.addSubnet(net, prefix, "ipv6");

export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  // BlockList matches IPv4-mapped IPv6 (::ffff:127.0.0.1) against the IPv4 ranges, so no ::ffff:0:0/96 rule
  // (which would also match every plain IPv4 address).
  return !blocked.check(ip, family === 4 ? "ipv4" : "ipv6");
}

/** Brackets of an IPv6 literal ("[::1]") are part of URL.hostname. */
const bareHost = (hostname: string) => hostname.replace(/^\[(.*)\]$/, "$1");

/** Why a receiver URL may not be subscribed, or null when it may. Names are resolved only at delivery. */
export function receiverUrlProblem(raw: string, allowPrivate: boolean): Bilingual | null {
  if (raw.length > MAX_URL_LENGTH) return { vi: `URL tối đa ${MAX_URL_LENGTH} ký tự.`, en: `The URL has at most ${MAX_URL_LENGTH} characters.` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { vi: "URL không hợp lệ.", en: "The URL is not valid." };
  }
  const https = url.protocol === "https:";
  if (!https && !(allowPrivate && url.protocol === "http:")) return { vi: "URL nhận webhook phải dùng https://.", en: "The receiver URL must use https://." };
  // Credentials in the URL would be stored and shown in logs; the signature is how the receiver authenticates us.
  if (url.username || url.password) return { vi: "URL không được chứa tên đăng nhập hoặc mật khẩu.", en: "The URL must not contain a user name or password." };
  if (url.hash) return { vi: "URL không được chứa phần #.", en: "The URL must not contain a #fragment." };
  const host = bareHost(url.hostname);
  if (!allowPrivate && isIP(host) && !isPublicAddress(host)) {
    return { vi: "URL trỏ tới địa chỉ nội bộ hoặc loopback.", en: "The URL points to a private or loopback address." };
  }
  return null;
}

export type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Checked before every delivery, not only at subscription: a name may be re-pointed at a private address
 * later. Every resolved address must be public, since the HTTP client may connect to any of them.
 */
export async function deliveryRefusal(raw: string, allowPrivate: boolean, resolve: Resolver = systemResolver): Promise<string | null> {
  const problem = receiverUrlProblem(raw, allowPrivate);
  if (problem) return `refused: ${problem.en}`;
  if (allowPrivate) return null;
  const host = bareHost(new URL(raw).hostname);
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (err) {
    return `dns: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
  }
  if (addresses.length === 0) return "dns: no address";
  const bad = addresses.find((a) => !isPublicAddress(a));
  return bad ? `refused: ${host} resolves to the non-public address ${bad}` : null;
}
