import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { ed25519Thumbprint } from "../../../lib/jwk-thumbprint.js";

/*
 * The issuer's identity and signing key for verifiable certificates. The issuer is did:web of PUBLIC_BASE_URL
 * (its DID document at /.well-known/did.json); each key's id is that DID with the key's RFC 7638 thumbprint as
 * the fragment, so a rotated key is a new id and the old one keeps verifying what it signed.
 */

export type CredentialPublicJwk = { kty: "OKP"; crv: "Ed25519"; x: string };

export type CredentialSigner = {
  /** The RFC 7638 thumbprint of the public key. */
  kid: string;
  /** did:web:… of the base URL. */
  did: string;
  /** The JWS header's kid: `${did}#${kid}`. */
  keyId: string;
  baseUrl: string;
  publicJwk: CredentialPublicJwk;
  privateKey: KeyObject;
};

/** did:web of a base URL (did:web method §3.1): the host, its port as %3A, then each path segment after a colon. */
export function didWebOf(baseUrl: string): string {
  const u = new URL(baseUrl);
  const path = u.pathname.split("/").filter(Boolean).map(encodeURIComponent);
  return ["did:web", encodeURIComponent(u.host), ...path].join(":");
}

export function credentialSigner(pem: string, baseUrl: string): CredentialSigner {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("the credential signing key must be Ed25519");
  const publicJwk: CredentialPublicJwk = { kty: "OKP", crv: "Ed25519", x: createPublicKey(privateKey).export({ format: "jwk" }).x! };
  const kid = ed25519Thumbprint(publicJwk.x);
  const did = didWebOf(baseUrl);
  return { kid, did, keyId: `${did}#${kid}`, baseUrl: baseUrl.replace(/\/+$/, ""), publicJwk, privateKey };
}

// The process's signer. Certificates are issued and their status changed from routes, jobs, scripts and the
// demo seed, each holding only a transaction; so like the audit key it is installed once at start (createApp,
// the server, the scripts) and read where a credential is signed.
let installed: { pem: string; baseUrl: string; signer: CredentialSigner } | null = null;

/** Installs the configured key and base URL; a null key (the Worker's config) leaves the process without one. */
export function useCredentialSigningKey(config: { credentialSigningKey: string | null; publicBaseUrl: string }): CredentialSigner | null {
  const pem = config.credentialSigningKey;
  if (!pem) return installed?.signer ?? null;
  if (installed?.pem !== pem || installed.baseUrl !== config.publicBaseUrl) installed = { pem, baseUrl: config.publicBaseUrl, signer: credentialSigner(pem, config.publicBaseUrl) };
  return installed.signer;
}

export function installedCredentialSigner(): CredentialSigner | null {
  return installed?.signer ?? null;
}
