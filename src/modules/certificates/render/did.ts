import type { CredentialPublicJwk } from "../runtime/credential-key.js";

/*
 * The issuer's keys as published: a DID document for did:web (DID Core 1.0; its verification methods of type
 * JsonWebKey from Controlled Identifiers 1.0) and the same keys as a JWKS (RFC 7517) for plain JOSE libraries.
 * Every key that ever signed is listed, retired ones too, each under the kid the JWS headers name.
 */

export type PublishedKey = { kid: string; jwk: CredentialPublicJwk; firstUsedAt: Date; retiredAt: Date | null };

export function didDocument(did: string, keys: readonly PublishedKey[]) {
  const methods = keys.map((k) => ({ id: `${did}#${k.kid}`, type: "JsonWebKey", controller: did, publicKeyJwk: { kty: k.jwk.kty, crv: k.jwk.crv, x: k.jwk.x } }));
  return {
    "@context": ["https://www.w3.org/ns/did/v1", "https://www.w3.org/ns/cid/v1"],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}

export function jwks(did: string, keys: readonly PublishedKey[]) {
  return {
    keys: keys.map((k) => ({
      kty: k.jwk.kty,
      crv: k.jwk.crv,
      x: k.jwk.x,
      kid: `${did}#${k.kid}`,
      alg: "EdDSA",
      use: "sig",
      // Not JWK members of RFC 7517, but harmless to any library, and what a verifier of an old credential needs.
      first_used: k.firstUsedAt.toISOString(),
      ...(k.retiredAt ? { retired: k.retiredAt.toISOString() } : {}),
    })),
  };
}
