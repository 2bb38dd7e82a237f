import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { burnVerification, hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from "../../src/auth/password.js";

describe("password hashing", () => {
  it("stores a self-describing scrypt hash with its own salt", async () => {
    const a = await hashPassword("Mật khẩu rất dài 2026");
    const b = await hashPassword("Mật khẩu rất dài 2026");
    expect(a).toMatch(/^\$scrypt\$ln=14,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("Mật khẩu");
  });

  it("verifies the right password and rejects others", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword(stored, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(stored, "correct horse battery stapl")).toBe(false);
    expect(await verifyPassword(stored, "")).toBe(false);
  });

  it("treats differently composed Vietnamese text as the same password (NFC)", async () => {
    const composed = "Hà Tĩnh ước mơ"; // precomposed letters
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(await hashPassword(composed), decomposed)).toBe(true);
  });

  it("refuses unreadable or tampered hashes instead of throwing", async () => {
    expect(await verifyPassword("", "x")).toBe(false);
    expect(await verifyPassword("plain-text", "plain-text")).toBe(false);
    expect(await verifyPassword("$scrypt$ln=30,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==", "x")).toBe(false);
  });

  it("verifies hashes made with older parameters and asks to rehash them", async () => {
    const salt = randomBytes(16);
    const key = scryptSync("old password 123", salt, 32, { N: 2 ** 12, r: 8, p: 1 });
    const old = `$scrypt$ln=12,r=8,p=1$${salt.toString("base64")}$${key.toString("base64")}`;
    expect(await verifyPassword(old, "old password 123")).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword("new password 123"))).toBe(false);
    expect(needsRehash("garbage")).toBe(true);
  });

  it("costs tens of milliseconds, and a dummy verification costs about the same", async () => {
    expect(SCRYPT_PARAMS).toEqual({ logN: 14, r: 8, p: 1 });
    const stored = await hashPassword("timing password 1");
    await burnVerification("warm-up");
    let t = performance.now();
    await verifyPassword(stored, "timing password 1");
    const real = performance.now() - t;
    t = performance.now();
    await burnVerification("timing password 1");
    const dummy = performance.now() - t;
    expect(real).toBeGreaterThan(5);
    expect(dummy).toBeGreaterThan(real / 4);
  });
});
