import { CompactSign } from "jose";
import type { CredentialSigner } from "./credential-key.js";

/*
 * VC-JOSE-COSE (W3C Recommendation, 2025) §3.1.1: the credential secured as a compact JWS whose payload is the
 * credential itself; header typ "vc+jwt" (media type application/vc+jwt), cty "vc", alg EdDSA (Ed25519), kid
 * the DID URL of the issuer's verification method. Signed with jose, read back by any JOSE library.
 */
export const VC_JWT_MEDIA_TYPE = "application/vc+jwt";

export async function signVcJwt(signer: CredentialSigner, credential: object): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(credential))).setProtectedHeader({ alg: "EdDSA", typ: "vc+jwt", cty: "vc", kid: signer.keyId }).sign(signer.privateKey);
}
