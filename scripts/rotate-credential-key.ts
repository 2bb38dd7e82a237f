import { generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CREDENTIAL_KEY_FILE, ed25519PrivateKeyPem, loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { useAuditSigningKey } from "../src/modules/audit/index.js";
import { rotateCredentialKey } from "../src/modules/certificates/index.js";

// `npm run credential-key:rotate` (the embedded start: a new key is made in DATA_DIR) or
// `npm run credential-key:rotate -- --key-file new.pem` (production: the key you will put in CREDENTIAL_SIGNING_KEY).
// The new key's public half is published in did.json and the JWKS, the old ones are marked retired and stay
// published (credentials they signed still verify), every status list is re-signed with the new key, and the
// rotation is audited. Restart the server afterwards: a running server signs with the key it started with.
// With the embedded database stop the server first: two processes must never open one PGlite folder.

const USAGE = "Usage: npm run credential-key:rotate [-- --key-file <new Ed25519 private key, PEM or JWK>]";

function fail(message: string): never {
  process.stderr.write(message.endsWith("\n") ? message : message + "\n");
  process.exit(1);
}

let args: { "key-file"?: string; help?: boolean };
try {
  args = parseArgs({ options: { "key-file": { type: "string" }, help: { type: "boolean" } }, strict: true }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (args.help) {
  process.stdout.write(USAGE + "\n");
  process.exit(0);
}

const config = loadConfig();
const fromEnv = Boolean(process.env["CREDENTIAL_SIGNING_KEY"]);
if (fromEnv && !args["key-file"]) fail("CREDENTIAL_SIGNING_KEY đặt từ môi trường: cần --key-file với khóa mới. / CREDENTIAL_SIGNING_KEY comes from the environment: pass the new key with --key-file.");
const pem = args["key-file"] ? ed25519PrivateKeyPem(readFileSync(args["key-file"], "utf8"), "--key-file") : generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
if (pem === config.credentialSigningKey) fail("Khóa mới trùng khóa hiện tại. / The new key is the current key.");

useAuditSigningKey(config.auditSigningKey);
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  // The new key file is written beside the old before the database names it, and takes its place after.
  const file = join(config.dataDir, CREDENTIAL_KEY_FILE);
  const pending = `${file}.new`;
  if (!fromEnv) writeFileSync(pending, pem, { mode: 0o600 });
  const r = await rotateCredentialKey(database.db, { pem, publicBaseUrl: config.publicBaseUrl, now: new Date() });
  if (!fromEnv) {
    // The old private key is kept aside, not deleted: nothing needs it to verify (its public half is in the
    // database); delete it once you no longer want a way back.
    if (existsSync(file)) renameSync(file, `${file}.retired-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    renameSync(pending, file);
  }
  process.stdout.write(`${JSON.stringify({ kid: r.kid, retired: r.retired, statusListsResigned: r.listsResigned, keyFile: fromEnv ? args["key-file"] : file })}\n`);
  if (fromEnv) process.stdout.write("Đặt CREDENTIAL_SIGNING_KEY bằng khóa mới rồi khởi động lại máy chủ. / Set CREDENTIAL_SIGNING_KEY to the new key and restart the server.\n");
} finally {
  await database.close();
}
