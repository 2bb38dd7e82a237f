import { createPrivateKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";

// The only place that reads the environment. Everything else receives a Config.
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().default("./data"),
  PUBLIC_BASE_URL: z.url().optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  SESSION_SECRET: z.string().min(32).optional(),
  STAMP_KEY: z.string().min(32).optional(),
  // Signs the audit chain's checkpoints: an Ed25519 private key as PKCS8 PEM or as a JWK (JSON). It must never
  // be stored in the database; absent, DATA_DIR/audit-signing-key.pem is created on first start (the demo).
  AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  // Signs the verifiable certificates and their status lists (issue 19): an Ed25519 private key, PEM or JWK,
  // never in the database; absent, DATA_DIR/credential-signing-key.pem is created on first start. Rotating it is
  // replacing it (README, "Verifiable certificates"): the old public half stays published from the database.
  CREDENTIAL_SIGNING_KEY: z.string().min(1).optional(),
  DEMO_SEED: z.enum(["auto", "off"]).default("auto"),
  // Behind a TLS-terminating proxy cookies must still be Secure; locally over http they cannot be.
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  // Only behind a proxy that sets X-Forwarded-For may the header be believed; anyone can send it otherwise.
  // `true` is one proxy (it appends the client's address to X-Forwarded-For); a number is that many proxies in a row.
  TRUST_PROXY: z.string().regex(/^(true|false|[0-9])$/, "true, false or the number of proxies (0-9)").default("false"),
  // Requests per client address (an IPv6 client's /64) and window: scan pages per minute, fake reports per hour.
  SCAN_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
  REPORT_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  // Webhooks go to the public internet only; a private or loopback receiver (a test, an intranet) must be allowed.
  WEBHOOK_ALLOW_PRIVATE: z.enum(["true", "false"]).default("false"),
  // Only for `npm run bench`: serves a scan page rendered once from memory, the comparison route.
  BENCH_ROUTES: z.enum(["true", "false"]).default("false"),
  // Server processes on this host (src/server.ts): above 1, a primary migrates and forks that many workers that
  // share PORT (Node's cluster module). Needs DATABASE_URL: PGlite is one process's database.
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
});

/** The public writes' and scans' budgets per client (http/rate-limits.ts), and how often processes reconcile them. */
export type RateLimitConfig = { scansPerMinute: number; reportsPerHour: number; syncMs: number };

export type Secrets = { sessionSecret: string; stampKey: string };

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicBaseUrl: string;
  env: "development" | "production" | "test";
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  secrets: Secrets;
  /**
   * The audit checkpoints' Ed25519 private key, PKCS8 PEM (validated here; the public half is published).
   * null only on the Worker, which writes no audit record and so is never given the key.
   */
  auditSigningKey: string | null;
  /**
   * The verifiable certificates' Ed25519 private key, PKCS8 PEM. null only on the Worker, which serves the
   * stored, already signed credentials and status lists and signs nothing.
   */
  credentialSigningKey: string | null;
  demoSeed: boolean;
  cookieSecure: boolean;
  trustProxy: boolean;
  /** How many proxies in front append to X-Forwarded-For (0 unless trustProxy): the client is that many from the right. */
  proxyHops: number;
  rateLimits: RateLimitConfig;
  /** Webhook receivers may be http:// and on private or loopback addresses (tests, intranets). */
  webhookAllowPrivate: boolean;
  benchRoutes: boolean;
  /** Server processes the Node server runs on this host (1: this process serves; more: a cluster primary forks them). */
  workers: number;
  provinceCode: string;
};

const secretsSchema = z.object({ sessionSecret: z.string().min(32), stampKey: z.string().min(32) });

// Secrets live in DATA_DIR so `npm start` needs no setup; production passes them in the environment.
function loadOrCreateSecrets(dataDir: string): Secrets {
  const file = join(dataDir, "secrets.json");
  if (existsSync(file)) return secretsSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  mkdirSync(dataDir, { recursive: true });
  const secrets = {
    sessionSecret: randomBytes(32).toString("base64url"),
    stampKey: randomBytes(32).toString("base64url"),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** An Ed25519 private key from PEM or JWK text, normalised to PKCS8 PEM; anything else is a startup error. */
export function ed25519PrivateKeyPem(text: string, name = "AUDIT_SIGNING_KEY"): string {
  const trimmed = text.trim();
  let key;
  try {
    key = trimmed.startsWith("{") ? createPrivateKey({ key: JSON.parse(trimmed), format: "jwk" }) : createPrivateKey(trimmed);
  } catch {
    throw new Error(`${name} is neither a PKCS8 PEM nor a private JWK`);
  }
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`${name} must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key.export({ format: "pem", type: "pkcs8" }).toString();
}

// Like secrets.json: `npm start` needs no setup, and the file stays beside the data it signs, outside the database.
function loadOrCreateKey(dataDir: string, fileName: string, envName: string): string {
  const file = join(dataDir, fileName);
  if (existsSync(file)) return ed25519PrivateKeyPem(readFileSync(file, "utf8"), envName);
  mkdirSync(dataDir, { recursive: true });
  const pem = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  writeFileSync(file, pem, { mode: 0o600 });
  return pem;
}

/** Where the embedded start keeps the credential signing key; scripts/rotate-credential-key.ts replaces it. */
export const CREDENTIAL_KEY_FILE = "credential-signing-key.pem";

export function loadConfig(env: Record<string, string | undefined> = process.env, opts: { auditKey?: boolean; credentialKey?: boolean } = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const stored = e.SESSION_SECRET && e.STAMP_KEY ? undefined : loadOrCreateSecrets(dataDir);
  const hops = e.TRUST_PROXY === "true" ? 1 : e.TRUST_PROXY === "false" ? 0 : Number(e.TRUST_PROXY);
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    publicBaseUrl,
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    secrets: {
      sessionSecret: e.SESSION_SECRET ?? stored!.sessionSecret,
      stampKey: e.STAMP_KEY ?? stored!.stampKey,
    },
    auditSigningKey: opts.auditKey === false ? null : e.AUDIT_SIGNING_KEY ? ed25519PrivateKeyPem(e.AUDIT_SIGNING_KEY) : loadOrCreateKey(dataDir, "audit-signing-key.pem", "AUDIT_SIGNING_KEY"),
    credentialSigningKey:
      opts.credentialKey === false ? null : e.CREDENTIAL_SIGNING_KEY ? ed25519PrivateKeyPem(e.CREDENTIAL_SIGNING_KEY, "CREDENTIAL_SIGNING_KEY") : loadOrCreateKey(dataDir, CREDENTIAL_KEY_FILE, "CREDENTIAL_SIGNING_KEY"),
    demoSeed: e.DEMO_SEED === "auto",
    cookieSecure: e.COOKIE_SECURE === "auto" ? publicBaseUrl.startsWith("https://") : e.COOKIE_SECURE === "true",
    trustProxy: hops > 0,
    proxyHops: hops,
    rateLimits: { scansPerMinute: e.SCAN_RATE_LIMIT, reportsPerHour: e.REPORT_RATE_LIMIT, syncMs: 1000 },
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === "true",
    benchRoutes: e.BENCH_ROUTES === "true",
    workers: e.WORKERS,
    provinceCode: "42",
  };
}

// A fixed Ed25519 key for tests: the PKCS8 wrapping of a 32-byte seed (RFC 8410), so every run signs alike.
export const ed25519PemFromSeed = (seed: number) =>
  createPrivateKey({ key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.alloc(32, seed)]), format: "der", type: "pkcs8" })
    .export({ format: "pem", type: "pkcs8" })
    .toString();
const TEST_AUDIT_KEY = ed25519PemFromSeed(7);
const TEST_CREDENTIAL_KEY = ed25519PemFromSeed(9);

/** A config for tests: nothing read from the environment except DATABASE_URL, which selects the database. */
export function testConfig(overrides: Partial<Config> = {}, env: Record<string, string | undefined> = process.env): Config {
  return {
    port: 0,
    host: "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: "",
    publicBaseUrl: "https://ocop.test",
    env: "test",
    logLevel: "silent",
    secrets: { sessionSecret: "t".repeat(43), stampKey: "k".repeat(43) },
    auditSigningKey: TEST_AUDIT_KEY,
    credentialSigningKey: TEST_CREDENTIAL_KEY,
    demoSeed: false,
    cookieSecure: true,
    trustProxy: false,
    proxyHops: 1,
    rateLimits: { scansPerMinute: 120, reportsPerHour: 10, syncMs: 1000 },
    webhookAllowPrivate: true,
    benchRoutes: false,
    workers: 1,
    provinceCode: "42",
    ...overrides,
  };
}
