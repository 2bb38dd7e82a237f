import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { compactVerify, importJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRegistryWorld } from "../../scripts/bench/registry-world.js";
import { rowsOf } from "../../scripts/bench/util.js";
import { runDailyCertificateJob } from "../../src/jobs/daily.js";
import { normaliseGtin } from "../../src/domain/gs1.js";
import { writeAudit } from "../../src/modules/audit/index.js";
import { GENESIS, publishOpenData, type Manifest, type StatusAnswer } from "../../src/modules/opendata/index.js";
import { createTestApp, testClock, type TestApp } from "../support/harness.js";

/*
 * Issue 19's checks anyone can make without asking: 1,000 ids in one status lookup (certificate numbers, product
 * codes, a GTIN, unknown ids; a revoked and a suspended certificate; order kept), its PDF read back with poppler,
 * and two days of open data whose files hash to their manifest, whose manifests chain, and whose audit anchor
 * verifies with jose against the published key and matches the chain's record.
 */

const BASE = "https://ocop.test";
const DAY1 = "2026-06-30";
const DAY2 = "2026-07-01";
const sha = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

type Cert = { id: number; product_id: number; product_code: string; decision_date: string };

let t: TestApp;
let certs: Cert[];
let newestOf: Map<number, Cert>;
let suspendedId: number;
let revokedId: number;
let revokedLaterId: number;
let gtin: string;
let gtinProduct: Cert;

const exec = (q: ReturnType<typeof sql>) => t.database.db.execute(q);
const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request(p, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  t = await createTestApp({ clock: testClock(`${DAY1}T03:00:00Z`), config: { publicBaseUrl: BASE } });
  // 400 products certified twice (2024, then 2025–26, the first superseded): 800 certificates, all decided by DAY1.
  await buildRegistryWorld(t.database.db, { products: 400, perProduct: 2, firstDecision: "2024-01-10", retailPoints: 6 });
  certs = rowsOf<Cert>(await exec(sql`select id, product_id, product_code, to_char(decision_date, 'YYYY-MM-DD') as decision_date from certificates order by id`)).map((c) => ({ ...c, id: Number(c.id), product_id: Number(c.product_id) }));
  newestOf = new Map();
  for (const c of certs) if (!newestOf.has(c.product_id) || newestOf.get(c.product_id)!.id < c.id) newestOf.set(c.product_id, c);
  const newest = [...newestOf.values()];
  suspendedId = newest[3]!.id;
  revokedId = newest[7]!.id;
  revokedLaterId = newest[11]!.id;
  await exec(sql`insert into certificate_events (certificate_id, kind, "on", reason, at) values (${suspendedId}, 'suspended', '2026-06-01', 'Đang xác minh', now())`);
  await exec(sql`insert into certificate_events (certificate_id, kind, "on", ground, decision_number, at) values (${revokedId}, 'revoked', '2026-06-15', 'criteria_not_met', 'TH-1/QĐ-UBND', now())`);
  gtinProduct = newest[20]!;
  // A 13-digit EAN with its check digit; the registry keeps GTINs in their 14-digit form.
  gtin = "8934567890120";
  await exec(sql`update products set gtin = ${normaliseGtin(gtin)} where id = ${gtinProduct.product_id}`);
  // The audit chain the manifests anchor to: a few records on day 1.
  for (let i = 0; i < 3; i++) await t.database.db.transaction((tx) => writeAudit(tx, { actorId: null, action: "test.seed", subjectType: "test", subjectId: i }, t.clock.now()));
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("POST /api/registry/status", () => {
  it("answers 1,000 ids in one request, in order: certificates, products, a GTIN, unknown ids, a revoked and a suspended one", async () => {
    const newest = [...newestOf.values()];
    const ids: string[] = [];
    const expected: { matched: string; certificate: number | null }[] = [];
    for (let i = 0; i < 1000; i++) {
      const k = i % 5;
      if (k === 0 || k === 1) {
        const c = certs[(i * 7) % certs.length]!;
        ids.push(String(c.id));
        expected.push({ matched: "certificate", certificate: c.id });
      } else if (k === 2) {
        const c = newest[(i * 3) % newest.length]!;
        ids.push(c.product_code);
        expected.push({ matched: "product", certificate: c.id });
      } else if (k === 3) {
        ids.push(i % 2 ? String(900_000 + i) : `42-99999-${String(100 + (i % 800)).padStart(3, "0")}-2024`);
        expected.push({ matched: "none", certificate: null });
      } else {
        ids.push(i % 10 === 4 ? `không-phải-mã-${i}` : String(certs[(i * 11) % certs.length]!.id));
        expected.push(i % 10 === 4 ? { matched: "none", certificate: null } : { matched: "certificate", certificate: certs[(i * 11) % certs.length]!.id });
      }
    }
    // The named cases, at fixed places.
    ids[1] = String(suspendedId);
    expected[1] = { matched: "certificate", certificate: suspendedId };
    ids[6] = String(revokedId);
    expected[6] = { matched: "certificate", certificate: revokedId };
    ids[12] = newestOf.get(certs.find((c) => c.id === revokedId)!.product_id)!.product_code;
    expected[12] = { matched: "product", certificate: revokedId };
    ids[17] = gtin;
    expected[17] = { matched: "product", certificate: gtinProduct.id };

    const started = performance.now();
    const res = await post("/api/registry/status", { ids });
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    const text = await res.text();
    // The bytes received are the bytes hashed: the Content-Digest names them.
    expect(res.headers.get("content-digest")).toBe(`sha-256=:${createHash("sha256").update(text).digest("base64")}:`);
    const body = JSON.parse(text) as StatusAnswer;
    expect(body.asOf).toBe(DAY1);
    expect(body.items.map((i) => i.id)).toEqual(ids);
    expect(body.items.map((i) => ({ matched: i.matched, certificate: i.certificate }))).toEqual(expected);
    expect(body.counts).toEqual({ requested: 1000, certificates: expected.filter((e) => e.matched === "certificate").length, products: expected.filter((e) => e.matched === "product").length, notFound: expected.filter((e) => e.matched === "none").length });
    expect(body.items[1]!.status).toBe("suspended");
    expect(body.items[6]!.status).toBe("revoked");
    expect(body.items[12]!.status).toBe("revoked");
    expect(body.items[17]!.product).toMatchObject({ gtin: normaliseGtin(gtin), code: gtinProduct.product_code });
    const none = body.items.find((i) => i.matched === "none")!;
    expect(none).toMatchObject({ status: null, certificate: null, url: null });
    // Every certificate's answer says what its own page says (publicCertificate, another path to the same rule).
    const found = body.items.filter((i) => i.certificate !== null);
    for (const i of [...found.slice(0, 12), ...found.filter((_, n) => n % 97 === 0)]) {
      const page = (await (await t.app.request(`/c/${i.certificate}`, { headers: { accept: "application/json" } })).json()) as Record<string, any>;
      expect({ status: i.status, stars: i.stars, validUntil: i.validity!.validUntil, decision: i.decision!.number, product: i.product!.name, producer: i.producer!.name, url: i.url }).toEqual({
        status: page.status,
        stars: page.stars,
        validUntil: page.validity.validUntil,
        decision: page.decision.number,
        product: page.product.name,
        producer: page.producer.name,
        url: page.url,
      });
    }
    // Superseded first certificates are answered as such, not as not found.
    expect(body.items.some((i) => i.status === "superseded")).toBe(true);
    expect(ms).toBeLessThan(15_000);
  });

  it("refuses 1,001 ids with a 400 problem in Vietnamese and English", async () => {
    const res = await post("/api/registry/status", { ids: Array.from({ length: 1001 }, (_, i) => String(i + 1)) });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const p = (await res.json()) as { i18n: { vi: { title: string }; en: { title: string } }; errors: { vi: string; en: string }[] };
    expect(p.i18n.vi.title).toBe("Dữ liệu không hợp lệ");
    expect(p.errors.some((e) => e.vi.includes("Tối đa 1.000") && e.en.includes("At most 1,000"))).toBe(true);
    expect((await post("/api/registry/status", { ids: [] })).status).toBe(400);
    expect((await post("/api/registry/status", { ids: Array.from({ length: 1000 }, () => "1") })).status).toBe(200);
  });

  it("prints the dated evidence PDF whose text reads back and whose attached JSON hashes to the printed SHA-256", async () => {
    const ids = [String(suspendedId), String(revokedId), "123456", newestOf.get(certs[0]!.product_id)!.product_code];
    const res = await post("/api/registry/status", { ids }, { accept: "application/pdf" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const printed = res.headers.get("x-answer-sha256")!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "status-pdf-"));
    try {
      fs.writeFileSync(path.join(dir, "a.pdf"), new Uint8Array(await res.arrayBuffer()));
      const text = execFileSync("pdftotext", ["-layout", path.join(dir, "a.pdf"), "-"], { encoding: "utf8" });
      expect(text).toContain("Kết quả tra cứu ngày 30/06/2026, lúc 10:00");
      expect(text).toContain("Status lookup on 2026-06-30");
      expect(text).toContain("Tạm dừng hiệu lực");
      expect(text).toContain("Đã bị thu hồi");
      expect(text).toContain("Không tìm thấy");
      expect(text).toContain("123456");
      expect(text.replace(/\s+/g, "")).toContain(printed);
      execFileSync("pdfdetach", ["-saveall", "-o", dir, path.join(dir, "a.pdf")]);
      const attached = fs.readFileSync(path.join(dir, "ket-qua-tra-cuu.json"));
      expect(sha(attached)).toBe(printed);
      const answer = JSON.parse(attached.toString("utf8")) as StatusAnswer;
      expect(answer.items.map((i) => i.id)).toEqual(ids);
      expect(answer.items.map((i) => i.status)).toEqual(["suspended", "revoked", null, expect.any(String)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the shops' page takes a CSV upload (first column, header skipped) and answers without JavaScript, or as the PDF", async () => {
    const csv = `so_giay_chung_nhan,ghi_chu\r\n${revokedId},kệ 3\r\n"${suspendedId}",kệ 4\r\n999999,?\r\n`;
    const form = new FormData();
    form.set("ids", "");
    form.set("file", new File([csv], "ke-hang.csv", { type: "text/csv" }));
    const res = await t.app.request("/registry/status", { method: "POST", body: form, headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Kết quả tra cứu ngày 30/06/2026");
    expect(html).toContain("Đã bị thu hồi");
    expect(html).toContain("Tạm dừng hiệu lực");
    expect(html).toContain("Không tìm thấy");
    expect(html).not.toContain("<script");
    const pdfForm = new FormData();
    pdfForm.set("ids", `${revokedId}\n${suspendedId}`);
    pdfForm.set("format", "pdf");
    const pdf = await t.app.request("/registry/status", { method: "POST", body: pdfForm });
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const tooMany = new FormData();
    tooMany.set("ids", Array.from({ length: 1001 }, (_, i) => String(i + 1)).join("\n"));
    const refused = await t.app.request("/registry/status", { method: "POST", body: tooMany, headers: { accept: "text/html" } });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Tối đa 1.000 mã");
    expect((await t.app.request("/registry/status")).status).toBe(200);
  });
});

describe("POST /api/registry/status budget", () => {
  it("counts lookups per client like the other public limits: past 30 a minute, a 429 problem with Retry-After", async () => {
    let refused: Response | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const r = await post("/api/registry/status", { ids: ["1"] });
      if (r.status === 429) refused = r;
      else expect(r.status).toBe(200);
    }
    expect(refused?.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThan(0);
    // A minute later the budget is back.
    t.clock.advance(61_000);
    expect((await post("/api/registry/status", { ids: ["1"] })).status).toBe(200);
    t.clock.set(`${DAY1}T03:00:00Z`);
  });
});

describe("daily open data", () => {
  let m1: Manifest;
  let m1Bytes: string;

  const manifestOf = async (day: string) => {
    const res = await t.app.request(`/open-data/${day}/manifest.json`);
    expect(res.status).toBe(200);
    const text = await res.text();
    return { res, text, manifest: JSON.parse(text) as Manifest };
  };

  it("publishes today's files, each hashing to its line in the manifest, served immutable with its SHA-256 as strong ETag", async () => {
    const run = await publishOpenData(t.database.db, t.clock.now(), BASE);
    expect(run).toMatchObject({ day: DAY1, published: true });
    const { res, text, manifest } = await manifestOf(DAY1);
    m1 = manifest;
    m1Bytes = text;
    expect(sha(text)).toBe(run.sha256);
    expect(res.headers.get("etag")).toBe(`"${run.sha256}"`);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(manifest).toMatchObject({ day: DAY1, previous: GENESIS, previousDay: null, registry: BASE });
    expect(manifest.files.map((f) => f.name).sort()).toEqual(["certificates.csv", "certificates.json", "points-of-sale.csv", "points-of-sale.json", "producers.csv", "producers.json", "products.csv", "products.json"]);
    for (const f of manifest.files) {
      const r = await t.app.request(f.href);
      expect(r.status).toBe(200);
      const bytes = new Uint8Array(await r.arrayBuffer());
      expect(sha(bytes)).toBe(f.sha256);
      expect(bytes.byteLength).toBe(f.bytes);
      expect(r.headers.get("etag")).toBe(`"${f.sha256}"`);
      expect(r.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(r.headers.get("content-type")).toBe(f.name.endsWith(".json") ? "application/json" : "text/csv; charset=utf-8");
      expect((await t.app.request(f.href, { headers: { "if-none-match": `"${f.sha256}"` } })).status).toBe(304);
    }
    const certFile = manifest.files.find((f) => f.name === "certificates.json")!;
    expect(certFile.records).toBe(certs.length);
    const data = (await (await t.app.request(certFile.href)).json()) as { day: string; records: Record<string, unknown>[] };
    expect(data.day).toBe(DAY1);
    const byId = new Map(data.records.map((r) => [r["so_giay_chung_nhan"], r]));
    expect(byId.get(suspendedId)!["trang_thai"]).toBe("suspended");
    expect(byId.get(revokedId)!["trang_thai"]).toBe("revoked");
    expect(byId.get(revokedLaterId)!["trang_thai"]).toBe("valid");
    expect((await t.app.request(`/open-data/${DAY1}/secrets.json`)).status).toBe(404);
    expect((await t.app.request(`/open-data/2020-01-01/manifest.json`)).status).toBe(404);
    // Days that do not exist are a 404 problem, never a date the database refuses.
    for (const day of ["2026-13-45", "2026-02-30", "0000-01-01", "20260101"]) {
      for (const path of [`/open-data/${day}/manifest.json`, `/open-data/${day}/certificates.json`]) {
        const res = await t.app.request(path);
        expect(res.status, path).toBe(404);
        expect(res.headers.get("content-type"), path).toMatch(/problem\+json/);
      }
    }
  });

  it("leaves producers' personal data out of every file", async () => {
    const producers = (await (await t.app.request(`/open-data/${DAY1}/producers.json`)).json()) as { records: Record<string, unknown>[] };
    expect(producers.records.length).toBeGreaterThan(0);
    for (const field of ["phone", "email", "tax_code", "taxCode", "representative_name", "representativeName", "representative_gender", "registration_number", "so_dien_thoai", "ma_so_thue", "nguoi_dai_dien"]) {
      for (const r of producers.records) expect(r).not.toHaveProperty(field);
    }
    expect(Object.keys(producers.records[0]!).sort()).toEqual(["chu_the", "dia_chi", "loai_hinh", "ma_chu_the", "so_san_pham_ocop", "website", "xa"]);
    for (const f of m1.files) {
      const text = await (await t.app.request(f.href)).text();
      expect(text).not.toContain("@example.vn");
      expect(text).not.toContain("Đại Diện");
      expect(text).not.toMatch(/MST\d/);
      expect(text).not.toMatch(/09\d{8}/);
    }
  });

  it("is immutable: the database refuses UPDATE and DELETE of a published file or manifest", async () => {
    // drizzle wraps the database's error; the trigger's message is its cause.
    const refusal = async (q: ReturnType<typeof sql>) => {
      try {
        await exec(q);
        return "accepted";
      } catch (e) {
        const err = e as { message: string; cause?: { message?: string } };
        return `${err.message} ${err.cause?.message ?? ""}`;
      }
    };
    expect(await refusal(sql`update open_data_files set size = 0 where day = ${DAY1}`)).toMatch(/open_data_files is append-only \(UPDATE refused\)/);
    expect(await refusal(sql`delete from open_data_files where day = ${DAY1}`)).toMatch(/append-only \(DELETE refused\)/);
    expect(await refusal(sql`update open_data_manifests set previous_sha256 = 'x'`)).toMatch(/open_data_manifests is append-only/);
    expect(await refusal(sql`delete from open_data_manifests`)).toMatch(/append-only/);
    expect(await refusal(sql`truncate open_data_files`)).toMatch(/append-only/);
    expect(Number(rowsOf<{ n: string }>(await exec(sql`select count(*) as n from open_data_files where day = ${DAY1} and size > 0`))[0]!.n)).toBe(8);
  });

  it("a rerun for the same day changes nothing", async () => {
    t.clock.advance(3 * 3_600_000);
    const before = rowsOf<{ n: string }>(await exec(sql`select count(*) as n from open_data_files`))[0]!.n;
    const run = await publishOpenData(t.database.db, t.clock.now(), BASE);
    expect(run).toMatchObject({ day: DAY1, published: false, reason: "exists", sha256: sha(m1Bytes) });
    expect(rowsOf<{ n: string }>(await exec(sql`select count(*) as n from open_data_files`))[0]!.n).toBe(before);
    expect((await manifestOf(DAY1)).text).toBe(m1Bytes);
  });

  it("the next day's manifest chains to yesterday's and to a signed audit head that verifies with jose and matches the chain", async () => {
    // Overnight: more audit records, and a revocation effective on day 2.
    for (let i = 0; i < 2; i++) await t.database.db.transaction((tx) => writeAudit(tx, { actorId: null, action: "test.seed", subjectType: "test", subjectId: 10 + i }, t.clock.now()));
    await exec(sql`insert into certificate_events (certificate_id, kind, "on", ground, decision_number, at) values (${revokedLaterId}, 'revoked', ${DAY2}, 'law_violation', 'TH-2/QĐ-UBND', now())`);
    t.clock.set(`${DAY2}T02:00:00Z`);
    const job = await runDailyCertificateJob(t.database.db, t.clock.now(), { publicBaseUrl: BASE });
    expect(job.openData).toMatchObject({ day: DAY2, published: true });
    const { manifest: m2 } = await manifestOf(DAY2);
    expect(m2.previous).toBe(sha(m1Bytes));
    expect(m2.previousDay).toBe(DAY1);

    const jwk = (await (await t.app.request("/.well-known/audit-key")).json()) as { kty: string; crv: string; x: string; kid: string };
    const key = await importJWK(jwk, "EdDSA");
    for (const m of [m1, m2]) {
      const head = m.auditHead!;
      const { payload, protectedHeader } = await compactVerify(head.jws, key);
      expect(protectedHeader.kid).toBe(jwk.kid);
      const p = JSON.parse(new TextDecoder().decode(payload)) as { seq: number; hash: string };
      expect(p).toMatchObject({ seq: head.seq, hash: head.hash });
      const [rec] = rowsOf<{ hash: string }>(await exec(sql`select hash from audit_log where seq = ${head.seq}`));
      expect(rec!.hash).toBe(head.hash);
    }
    expect(m1.auditHead!.seq).toBe(3);
    expect(m2.auditHead!.seq).toBe(5);
    // A forged anchor does not verify.
    const [h, , s] = m2.auditHead!.jws.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ v: 1, seq: 5, hash: "0".repeat(64), at: m2.auditHead!.at, reason: "daily" })).toString("base64url")}.${s}`;
    await expect(compactVerify(forged, key)).rejects.toThrow();

    // What the registry said on each date stays provable: day 1 says valid, day 2 says revoked.
    const statusOn = async (day: string) => {
      const d = (await (await t.app.request(`/open-data/${day}/certificates.json`)).json()) as { records: Record<string, unknown>[] };
      return d.records.find((r) => r["so_giay_chung_nhan"] === revokedLaterId)!["trang_thai"];
    };
    expect(await statusOn(DAY1)).toBe("valid");
    expect(await statusOn(DAY2)).toBe("revoked");

    const list = (await (await t.app.request("/open-data/", { headers: { accept: "application/json" } })).json()) as { items: { day: string; sha256: string }[]; total: number };
    expect(list.items.map((d) => d.day)).toEqual([DAY2, DAY1]);
    expect(list.items[1]!.sha256).toBe(sha(m1Bytes));
    const page = await t.app.request("/open-data/", { headers: { accept: "text/html" } });
    expect(await page.text()).toContain(`/open-data/${DAY2}/manifest.json`);
  });
});
