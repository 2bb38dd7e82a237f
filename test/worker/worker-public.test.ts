import { useAuditSigningKey } from "../../src/modules/audit/index.js";
import { useCredentialSigningKey } from "../../src/modules/certificates/index.js";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { connect, createServer, type AddressInfo, type Server } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { stopStampRuntime } from "../../src/modules/stamps/index.js";
import { testConfig } from "../../src/config.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { encodeStampCode } from "../../src/domain/stamp-code.js";
import type { Deps } from "../../src/http/env.js";
import { createLogger } from "../../src/lib/logger.js";
import { seedDemoIfEmpty } from "../../scripts/seed-demo.js";
import { startLocalWorker, type LocalWorker } from "../../scripts/worker/local.js";

/*
 * The Worker (src/worker.ts) under workerd, started as a deployer would (`wrangler dev --local`, a Hyperdrive
 * local connection string), against a fresh PostgreSQL database holding the demo data; the same public-path
 * requests go to the Node app (createApp(...).request) on the same database, and must get the same answers.
 *
 * Skipped on the PGlite run: a Worker reaches PostgreSQL only over TCP (Hyperdrive), and the embedded PGlite
 * has no TCP listener. The CI's PostgreSQL run (DATABASE_URL set) runs it.
 */

const DATABASE_URL = process.env.DATABASE_URL;
const TTL_MS = 2000;
const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

/** GTIN-13 check digit (GS1 General Specifications 7.9.1). */
function gtin13(first12: string): string {
  const sum = [...first12].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return first12 + String((10 - (sum % 10)) % 10);
}

describe.skipIf(!DATABASE_URL)("the Worker's public paths, beside the Node app (PostgreSQL only: a Worker reaches it over TCP)", () => {
  const config = testConfig({ databaseUrl: DATABASE_URL });
  let admin: ReturnType<typeof postgres>;
  let name: string;
  let database: Database;
  let node: ReturnType<typeof createApp>;
  let deps: Deps;
  let worker: LocalWorker;
  let code: (seq: number) => string;
  let certId: number;
  let productId: number;
  let gtin: string;

  const viaWorker = (path: string, init: RequestInit = {}) => fetch(`${worker.url}${path}`, { redirect: "manual", ...init });
  const viaNode = async (path: string, init: RequestInit = {}): Promise<Response> => node.request(path, init);
  const scanRows = async (stampSeq: number) => Number(rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from stamp_scans s join stamps t on t.id = s.stamp_id where t.seq = ${stampSeq}`))[0]!.n);
  // Connections the Worker ever opened: it reaches the database only through this relay, so nothing else (the
  // Node app's pool closing idle connections, the test's own reads) moves the count, as it moved the database's
  // own session statistics.
  let relay: Server;
  let workerConnections = 0;
  const sessions = async () => workerConnections;

  beforeAll(async () => {
    name = `ocop_w_${randomBytes(6).toString("hex")}`;
    admin = postgres(DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(DATABASE_URL!);
    url.pathname = `/${name}`;
    database = await openDatabase({ url: url.toString(), maxConnections: 4 });
    await database.migrate();
    // The real clock on both sides: the Worker's is the machine's.
    const now = new Date();
    // The demo's records are audited, and the origin signs its checkpoints (the edge never does).
    useAuditSigningKey(config.auditSigningKey);
    useCredentialSigningKey(config);
    await seedDemoIfEmpty(database.db, { logger: createLogger("silent"), now, stamps: { publicBaseUrl: config.publicBaseUrl, stampKey: config.secrets.stampKey } });
    const stamps = rowsOf<{ serial: string; seq: number }>(await database.db.execute(sql`select serial, seq from stamps`));
    code = (seq) => encodeStampCode(stamps.find((s) => s.seq === seq)!.serial, config.secrets.stampKey);
    const cert = rowsOf<{ id: number; product_id: number }>(await database.db.execute(sql`select id, product_id from certificates order by id limit 1`))[0]!;
    certId = cert.id;
    productId = cert.product_id;
    // The demo's certified product gets a barcode, so the GS1 resolver has something to resolve.
    gtin = gtin13("893600000123");
    await database.db.execute(sql`update products set gtin = ${"0" + gtin} where id = ${productId}`);
    deps = { config, database, logger: createLogger("silent"), now: () => new Date() };
    node = createApp(deps);
    relay = createServer((client) => {
      workerConnections++;
      const db = connect(Number(url.port || 5432), url.hostname);
      for (const s of [client, db]) s.on("error", () => s.destroy());
      client.pipe(db).pipe(client);
    });
    await new Promise<void>((res) => relay.listen(0, "127.0.0.1", () => res()));
    const viaRelay = new URL(url);
    viaRelay.hostname = "127.0.0.1";
    viaRelay.port = String((relay.address() as AddressInfo).port);
    worker = await startLocalWorker({
      databaseUrl: viaRelay.toString(),
      port: 18000 + Math.floor(Math.random() * 2000) * 2,
      vars: { STAMP_KEY: config.secrets.stampKey, SESSION_SECRET: config.secrets.sessionSecret, PUBLIC_BASE_URL: config.publicBaseUrl, ORIGIN_URL: "https://origin.ocop.test", EDGE_VIEW_TTL_MS: String(TTL_MS), LOG_LEVEL: "warn" },
      timeoutMs: 60_000,
    });
  }, 90_000);

  afterAll(async () => {
    await worker?.stop();
    relay?.close();
    if (deps) await stopStampRuntime(deps);
    await database?.close();
    await admin?.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end();
  }, 30_000);

  it("starts under workerd and answers /healthz from the database", async () => {
    const res = await viaWorker("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: { kind: "postgres", ok: true } });
  });

  it("gives the demo stamps the Node app's verdicts, pages and JSON, and writes a scan row for each answered scan", async () => {
    // [stamp, the first scan's verdict, the second's]: one runtime scans first, the other second, both ways
    // round, so each must see the other's scan row (one database, one truth).
    const cases = [[3, "genuine_first", "genuine_seen", "edge"], [7, "genuine_first", "genuine_seen", "node"], [51, "void", "void", "edge"], [56, "not_activated", "not_activated", "node"]] as const;
    const facts = (j: Record<string, unknown>) => ({ code: j.code, stamp: j.stamp, lot: j.lot, product: j.product, producer: j.producer, place: j.place, certificate: j.certificate });
    for (const [seq, first, second, who] of cases) {
      const before = await scanRows(seq);
      const scan = async (via: typeof viaWorker) => {
        const res = await via(`/s/${code(seq)}`, { headers: { accept: "application/json" } });
        expect(res.status).toBe(200);
        return (await res.json()) as Record<string, unknown>;
      };
      const [a, b] = who === "edge" ? [viaWorker, viaNode] : [viaNode, viaWorker];
      const one = await scan(a);
      // The first scan's row must be in before the second runtime reads the stamp.
      await expect.poll(() => scanRows(seq), { timeout: 5000 }).toBe(before + 1);
      const two = await scan(b);
      expect([one.verdict, two.verdict], `seq ${seq}, ${who} first`).toEqual([first, second]);
      expect(facts(one)).toEqual(facts(two));
      // The page: the same title and product as the JSON.
      const page = await (await viaWorker(`/s/${code(seq)}`)).text();
      // (The Worker's own repeat within the hour is told what it was told the first time.)
      expect([one, two].some((j) => page.includes((j.title as { vi: string }).vi))).toBe(true);
      expect(page).toContain((two.product as { name: string }).name);
      // Every answered scan is a row: the Worker writes its own after the response (ctx.waitUntil).
      await expect.poll(() => scanRows(seq), { timeout: 5000 }).toBe(before + 3);
    }
  });

  it("refuses forged and mistyped codes without touching the database", async () => {
    const genuine = code(4);
    const forged = genuine.slice(0, -1) + (genuine.endsWith("A") ? "B" : "A");
    // Earlier tests' writes after their responses (ctx.waitUntil, the edge's batches) connect late: let them.
    await new Promise((r) => setTimeout(r, 1500));
    const opened = await sessions();
    for (const c of [forged, "00000000000000000000", "not-a-code"]) {
      const edge = await viaWorker(`/s/${encodeURIComponent(c)}`, { headers: { accept: "application/json" } });
      const n = await viaNode(`/s/${encodeURIComponent(c)}`, { headers: { accept: "application/json" } });
      expect(edge.status).toBe(404);
      expect(n.status).toBe(404);
      expect(((await edge.json()) as { verdict: string }).verdict).toBe("unknown");
    }
    // Anything the refusals sent after their responses would connect within this moment.
    await new Promise((r) => setTimeout(r, 500));
    expect(await sessions()).toBe(opened);
    // The measure can tell: a real scan opens one.
    await viaWorker(`/s/${genuine}`, { headers: { accept: "application/json" } });
    await expect.poll(sessions, { timeout: 5000 }).toBeGreaterThan(opened);
  });

  it("answers the certificate, the register and its CSV, and the product page as the Node app does", async () => {
    const json = (r: Response | Promise<Response>) => Promise.resolve(r).then((x) => x.json());
    expect(await json(viaWorker(`/c/${certId}`, { headers: { accept: "application/json" } }))).toEqual(await json(viaNode(`/c/${certId}`, { headers: { accept: "application/json" } })));
    // Pages: byte for byte, once the Node server's asset versions (?v=, read from its disk) are set aside.
    const page = async (r: Response | Promise<Response>) => (await Promise.resolve(r).then((x) => x.text())).replace(/\?v=[0-9a-f]+/g, "");
    for (const path of [`/c/${certId}`, "/registry", "/registry?q=bưởi", `/p/${productId}`]) {
      const edge = await viaWorker(path);
      expect(edge.status, path).toBe(200);
      expect(await page(edge), path).toBe(await page(viaNode(path)));
    }
    const csv = await viaWorker("/registry.csv");
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(await csv.text()).toBe(await (await viaNode("/registry.csv")).text());
    // The PDF needs pdfkit's fonts on disk: the edge sends it to the origin.
    const pdf = await viaWorker(`/c/${certId}/certificate.pdf`);
    expect(pdf.status).toBe(307);
    expect(pdf.headers.get("location")).toBe(`https://origin.ocop.test/c/${certId}/certificate.pdf`);
    expect((await viaWorker("/c/999999", { headers: { accept: "application/json" } })).status).toBe(404);
  });

  it("answers the EPCIS 2.0 events (issue 19) as the Node app does", async () => {
    const events = async (r: Response | Promise<Response>) => {
      const res = await r;
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/ld\+json/);
      const body = (await res.json()) as { epcisBody: { eventList: unknown[] } };
      return { link: res.headers.get("link"), events: body.epcisBody.eventList };
    };
    const edge = await events(viaWorker("/api/epcis/events?perPage=3"));
    expect(edge.events.length).toBeGreaterThan(0);
    expect(edge).toEqual(await events(viaNode("/api/epcis/events?perPage=3")));
  });

  it("serves the stored verifiable credential, the issuer's keys and the status lists as the Node app does, without a key", async () => {
    const bytes = async (r: Response | Promise<Response>) => {
      const res = await r;
      return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
    };
    const unit = rowsOf<{ unit_id: number }>(await database.db.execute(sql`select unit_id from certificate_credentials where certificate_id = ${certId}`))[0]!.unit_id;
    const vcJwt = { headers: { accept: "application/vc+jwt" } };
    for (const [path, init] of [[`/c/${certId}`, vcJwt], [`/c/${certId}/credential.jwt`, {}], ["/.well-known/did.json", {}], ["/.well-known/jwks.json", {}], [`/status/${unit}/revocation`, {}], [`/status/${unit}/suspension`, {}]] as const) {
      const edge = await bytes(viaWorker(path, init));
      expect(edge.status, path).toBe(200);
      expect(edge, path).toEqual(await bytes(viaNode(path, init)));
    }
  });

  it("resolves GS1 Digital Links and linksets, and describes the resolver, as the Node app does", async () => {
    const g14 = `0${gtin}`;
    for (const path of [`/01/${g14}`, `/01/${g14}/21/${code(5)}`, `/01/${g14}?linkType=gs1:certificationInfo`, `/01/${g14}/10/NO-SUCH-LOT?17=271231`]) {
      const edge = await viaWorker(path, { headers: { "accept-language": "en" } });
      const n = await viaNode(path, { headers: { "accept-language": "en" } });
      expect(edge.status, path).toBe(307);
      expect(edge.headers.get("location"), path).toBe(n.headers.get("location"));
      expect(edge.headers.get("link"), path).toBe(n.headers.get("link"));
    }
    // A 13-digit GTIN is sent on to its 14-digit form, with its query.
    const short = await viaWorker(`/01/${gtin}?17=271231`);
    expect(short.status).toBe(301);
    expect(short.headers.get("location")).toBe((await viaNode(`/01/${gtin}?17=271231`)).headers.get("location"));
    const linkset = async (r: Response | Promise<Response>) => Promise.resolve(r).then(async (x) => ({ status: x.status, type: x.headers.get("content-type"), body: await x.json() }));
    const path = `/01/${g14}/21/${code(5)}?linkType=linkset`;
    const edge = await linkset(viaWorker(path));
    expect(edge.type).toBe("application/linkset+json");
    expect(edge).toEqual(await linkset(viaNode(path)));
    expect(await linkset(viaWorker("/.well-known/gs1resolver"))).toEqual(await linkset(viaNode("/.well-known/gs1resolver")));
    expect((await viaWorker("/01/123")).status).toBe(400);
  });

  it("serves the static assets and hands writes to the origin", async () => {
    const css = await viaWorker("/static/styles.css?v=abc");
    expect(css.status).toBe(200);
    expect(css.headers.get("cache-control")).toContain("immutable");
    expect(await css.text()).toBe(await (await viaNode("/static/styles.css")).text());
    const post = await viaWorker(`/s/${code(1)}/report`, { method: "POST", body: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(post.status).toBe(307);
    expect(post.headers.get("location")).toBe(`https://origin.ocop.test/s/${code(1)}/report`);
  });

  it("shows a void made on the origin within the isolate's view TTL", async () => {
    const seq = 6;
    const verdict = async () => ((await (await viaWorker(`/s/${code(seq)}`, { headers: { accept: "application/json" } })).json()) as { verdict: string }).verdict;
    expect(await verdict()).toMatch(/^genuine/);
    // The origin's write, as the Node server's void service makes it (the edge only sees the table).
    await database.db.execute(sql`update stamps set voided_at = now(), void_reason = 'Cuộn tem bị mất (test)' where seq = ${seq}`);
    const at = Date.now();
    await expect.poll(verdict, { timeout: TTL_MS + 2000, interval: 200 }).toBe("void");
    expect(Date.now() - at).toBeLessThanOrEqual(TTL_MS + 1000);
  });
});
