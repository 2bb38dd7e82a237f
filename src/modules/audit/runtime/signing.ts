import { ed25519Thumbprint } from "../../../lib/jwk-thumbprint.js";
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { canonicalJson } from "../../../lib/canonical-json.js";

/**
 * A signed checkpoint every CHECKPOINT_EVERY records. Fixed in code, not configuration, because verification
 * relies on it: every multiple after the first checkpoint must have its row, so deleting checkpoints shows.
 */
export const CHECKPOINT_EVERY = 100;
/** The daily job signs a head that moved once the newest checkpoint is this old. */
export const DAILY_CHECKPOINT_AFTER_MS = 24 * 3_600_000;

/** The public half as published at /.well-known/audit-key (RFC 8037 OKP key, RFC 7638 thumbprint as kid). */
export type AuditPublicJwk = { kty: "OKP"; crv: "Ed25519"; x: string; kid: string; alg: "EdDSA"; use: "sig" };

export type AuditKey = { kid: string; publicKey: KeyObject; publicJwk: AuditPublicJwk; privateKey: KeyObject | null };

export type CheckpointPayload = { v: 1; seq: number; hash: string; at: string; reason: "count" | "daily" };

function fromPublic(publicKey: KeyObject, privateKey: KeyObject | null): AuditKey {
  if (publicKey.asymmetricKeyType !== "ed25519") throw new Error("the audit key must be Ed25519");
  const x = publicKey.export({ format: "jwk" }).x!;
  const kid = ed25519Thumbprint(x);
  return { kid, publicKey, privateKey, publicJwk: { kty: "OKP", crv: "Ed25519", x, kid, alg: "EdDSA", use: "sig" } };
}

/** The signing key from its PKCS8 PEM (config.auditSigningKey). */
export function auditKeyFromPem(pem: string): AuditKey {
  const privateKey = createPrivateKey(pem);
  return fromPublic(createPublicKey(privateKey), privateKey);
}

/** A verify-only key from a published JWK: what an outside auditor holds. */
export function auditKeyFromJwk(jwk: { kty: string; crv: string; x: string }): AuditKey {
  return fromPublic(createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: "jwk" }), null);
}

// The process's key. Every writer of the chain (routes, jobs, scripts, the seed) shares one configuration, and
// writeAudit is called from dozens of places with only a transaction in hand; so the key is installed once at
// start (createApp, the scripts) and writeAudit refuses to write when none is installed, rather than leave a
// stretch of the chain unanchored.
let installed: { pem: string; key: AuditKey } | null = null;

export function useAuditSigningKey(pem: string | null): AuditKey {
  if (!pem) throw new Error("this process has no audit signing key (config.auditSigningKey)");
  if (installed?.pem !== pem) installed = { pem, key: auditKeyFromPem(pem) };
  return installed.key;
}

export function installedAuditKey(): AuditKey {
  if (!installed) throw new Error("no audit signing key installed: call useAuditSigningKey(config.auditSigningKey) at start");
  return installed.key;
}

const b64 = (s: string) => Buffer.from(s).toString("base64url");

/** A compact JWS (RFC 7515, alg EdDSA) over the canonical JSON of the payload: any JOSE library verifies it. */
export function signCheckpoint(key: AuditKey, payload: CheckpointPayload): string {
  if (!key.privateKey) throw new Error("this audit key can only verify");
  const input = `${b64(canonicalJson({ alg: "EdDSA", kid: key.kid }))}.${b64(canonicalJson(payload))}`;
  return `${input}.${sign(null, Buffer.from(input), key.privateKey).toString("base64url")}`;
}

/** The payload when the JWS is signed by this key, else null (forged, altered, or another key). */
export function openCheckpoint(key: AuditKey, jws: string): CheckpointPayload | null {
  const parts = jws.split(".");
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as { alg?: unknown; kid?: unknown };
    if (header.alg !== "EdDSA" || header.kid !== key.kid) return null;
    if (!verify(null, Buffer.from(`${h}.${p}`), key.publicKey, Buffer.from(s, "base64url"))) return null;
    const payload = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as CheckpointPayload;
    const ok = payload.v === 1 && Number.isSafeInteger(payload.seq) && typeof payload.hash === "string" && typeof payload.at === "string" && (payload.reason === "count" || payload.reason === "daily");
    return ok ? payload : null;
  } catch {
    return null;
  }
}
