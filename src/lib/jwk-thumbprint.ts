import { createHash } from "node:crypto";

/**
 * The RFC 7638 thumbprint of an Ed25519 public JWK: the SHA-256 of its required members (crv, kty, x) in
 * lexicographic order, base64url. Both signing keys (the audit chain's, the credentials') are named by it.
 */
export const ed25519Thumbprint = (x: string): string => createHash("sha256").update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest("base64url");
