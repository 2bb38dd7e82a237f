import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { auditKeyFromPem } from "../../src/modules/audit/runtime/signing.js";

const dir = mkdtempSync(join(tmpdir(), "ocop-auditkey-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = { DATA_DIR: dir, SESSION_SECRET: "s".repeat(40), STAMP_KEY: "k".repeat(40) };

describe("AUDIT_SIGNING_KEY", () => {
  it("is created once in DATA_DIR (owner-only) when not configured, and reused", () => {
    const first = loadConfig(base).auditSigningKey!;
    const file = join(dir, "audit-signing-key.pem");
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(loadConfig(base).auditSigningKey).toBe(first);
    expect(readFileSync(file, "utf8")).toBe(first);
  });

  it("accepts a PKCS8 PEM or a private JWK, which sign under the same key id", () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const jwk = JSON.stringify(privateKey.export({ format: "jwk" }));
    const a = auditKeyFromPem(loadConfig({ ...base, AUDIT_SIGNING_KEY: pem }).auditSigningKey!);
    const b = auditKeyFromPem(loadConfig({ ...base, AUDIT_SIGNING_KEY: jwk }).auditSigningKey!);
    expect(a.kid).toBe(b.kid);
    expect(a.publicJwk).not.toHaveProperty("d");
  });

  it("refuses to start with anything but an Ed25519 private key", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    expect(() => loadConfig({ ...base, AUDIT_SIGNING_KEY: rsa })).toThrow(/Ed25519/);
    expect(() => loadConfig({ ...base, AUDIT_SIGNING_KEY: "not a key" })).toThrow(/PKCS8|JWK/);
    const pub = JSON.stringify(generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }));
    expect(() => loadConfig({ ...base, AUDIT_SIGNING_KEY: pub })).toThrow();
  });

  it("is not loaded at all where no audit record is written (the Worker)", () => {
    expect(loadConfig({ ...base, DATA_DIR: join(dir, "edge") }, { auditKey: false }).auditSigningKey).toBeNull();
    expect(existsSync(join(dir, "edge", "audit-signing-key.pem"))).toBe(false);
  });
});
