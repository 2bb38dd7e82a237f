import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/*
 * Standard Webhooks (standardwebhooks.com) signing, so receivers can use any of its libraries: the signed
 * content is "{id}.{timestamp}.{body}", the key is the base64 part of the "whsec_" secret.
 */

const PREFIX = "whsec_";

export type WebhookHeaders = { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };

export function newSecret(): string {
  return PREFIX + randomBytes(32).toString("base64");
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");
}

function signature(secret: string, id: string, timestamp: number, body: string): string {
  return createHmac("sha256", keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
}

/** The three headers of one delivery; `timestamp` is unix seconds. */
export function sign(secret: string, id: string, timestamp: number, body: string): WebhookHeaders {
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${signature(secret, id, timestamp, body)}` };
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(h: HeaderSource, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name] ?? h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * What a receiver does: true when one of the signatures (several may be sent while a secret rotates) matches
 * and the timestamp is within the tolerance, which stops a captured request from being replayed later.
 */
export function verify(secret: string, headers: HeaderSource, body: string, now: Date, toleranceSeconds = 300): boolean {
  const id = header(headers, "webhook-id");
  const ts = header(headers, "webhook-timestamp");
  const sigs = header(headers, "webhook-signature");
  if (!id || !ts || !sigs || !/^\d{1,12}$/.test(ts)) return false;
  const timestamp = Number(ts);
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, id, timestamp, body));
  return sigs.split(" ").some((part) => {
    const [version, value] = part.split(",", 2);
    if (version !== "v1" || !value) return false;
    const got = Buffer.from(value);
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}
