import { createRouter } from "../../http/router.js";
import { useAuditSigningKey } from "./runtime/signing.js";

/**
 * GET /.well-known/audit-key: the public half of the key that signs the audit checkpoints, as a JWK
 * (RFC 8037). With it anyone holding a published checkpoint (the `jws` of /api/audit/verify) can check it with
 * any JOSE library, and `npm run audit:verify -- --public-key FILE` checks a database against it.
 */
export const auditPublic = createRouter().get("/.well-known/audit-key", (c) => {
  const key = useAuditSigningKey(c.var.deps.config.auditSigningKey);
  c.header("cache-control", "public, max-age=3600");
  return c.json(key.publicJwk, 200, { "content-type": "application/jwk+json" });
});
