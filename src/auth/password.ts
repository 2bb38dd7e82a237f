import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * scrypt with N=2^14, r=8, p=1: each hash touches 128·N·r = 16 MiB and took ≈ 60 ms on the 2-core build
 * machines (measured with the async API, which runs on the libuv pool and keeps the event loop free).
 * Costlier settings (2^15 ≈ 125 ms) would make a burst of sign-ins queue behind the 4-thread pool.
 * Raise the numbers here when machines get faster; `needsRehash` upgrades stored hashes at next sign-in.
 */
export const SCRYPT_PARAMS = { logN: 14, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

type Params = { logN: number; r: number; p: number };
type Parsed = Params & { salt: Buffer; hash: Buffer };

function derive(password: string, salt: Buffer, params: Params, keyLength: number): Promise<Buffer> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) => {
    // node's default maxmem (32 MiB) is exactly 2^15·r=8; leave headroom so raising N is a one-line change.
    scrypt(password.normalize("NFC"), salt, keyLength, { N, r: params.r, p: params.p, maxmem: 256 * N * params.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** `$scrypt$ln=14,r=8,p=1$<salt b64>$<hash b64>`: PHC-style, so old hashes still verify after a change. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await derive(password, salt, SCRYPT_PARAMS, KEY_LENGTH);
  const { logN, r, p } = SCRYPT_PARAMS;
  return `$scrypt$ln=${logN},r=${r},p=${p}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function parse(stored: string): Parsed | null {
  const m = FORMAT.exec(stored);
  if (!m) return null;
  const [logN, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Refuse absurd parameters from a tampered row rather than allocate gigabytes.
  if (logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(m[4]!, "base64");
  const hash = Buffer.from(m[5]!, "base64");
  if (salt.length < 8 || hash.length < 16) return null;
  return { logN, r, p, salt, hash };
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed, parsed.hash.length);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when the stored hash was made with other parameters (or is unreadable) and should be replaced. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return (
    !parsed ||
    parsed.logN !== SCRYPT_PARAMS.logN ||
    parsed.r !== SCRYPT_PARAMS.r ||
    parsed.p !== SCRYPT_PARAMS.p ||
    parsed.hash.length !== KEY_LENGTH ||
    parsed.salt.length !== SALT_LENGTH
  );
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same work as a real verification, for sign-ins naming no existing user, so response time does
 * not reveal which usernames exist.
 */
export async function burnVerification(password: string): Promise<false> {
  dummy ??= hashPassword("not-a-real-password-" + randomBytes(8).toString("hex"));
  await verifyPassword(await dummy, password);
  return false;
}
