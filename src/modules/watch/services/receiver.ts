import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { Bilingual } from "../../../lib/i18n.js";
import { isPublicAddress } from "../../../lib/net-address.js";

/*
 * Where a webhook may be sent. A subscriber chooses the URL, so without these checks the registry would POST
 * on their behalf to its own loopback, the cloud metadata address or the intranet (SSRF). Tests and intranets
 * switch the checks off with WEBHOOK_ALLOW_PRIVATE.
 */

export const MAX_URL_LENGTH = 2000;

// The address rule lives in one place (src/lib/net-address.ts); re-exported for the area's callers and tests.
export { isPublicAddress };

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
 * Where a delivery goes: the URL and the one address it must connect to. `address` is null only when private
 * receivers are allowed (tests, intranets: no check, so nothing to hold the connection to).
 */
export type DeliveryTarget = { ok: true; url: URL; address: string | null } | { ok: false; refusal: string };

/**
 * Checked before every delivery, not only at subscription: a name may be re-pointed at a private address
 * later. Every resolved address must be public, and the connection is then made to the address checked here
 * (see transport.ts), never to a second resolution of the name: a DNS server that answers a public address to
 * the check and 127.0.0.1 to the connect (DNS rebinding) gets nowhere.
 */
export async function deliveryTarget(raw: string, allowPrivate: boolean, resolve: Resolver = systemResolver): Promise<DeliveryTarget> {
  const problem = receiverUrlProblem(raw, allowPrivate);
  if (problem) return { ok: false, refusal: `refused: ${problem.en}` };
  const url = new URL(raw);
  if (allowPrivate) return { ok: true, url, address: null };
  const host = bareHost(url.hostname);
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (err) {
    return { ok: false, refusal: `dns: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  if (addresses.length === 0) return { ok: false, refusal: "dns: no address" };
  const bad = addresses.find((a) => !isPublicAddress(a));
  if (bad) return { ok: false, refusal: `refused: ${host} resolves to the non-public address ${bad}` };
  return { ok: true, url, address: addresses[0]! };
}

/** The refusal of deliveryTarget alone: null when the receiver may be sent to. */
export async function deliveryRefusal(raw: string, allowPrivate: boolean, resolve: Resolver = systemResolver): Promise<string | null> {
  const target = await deliveryTarget(raw, allowPrivate, resolve);
  return target.ok ? null : target.refusal;
}
