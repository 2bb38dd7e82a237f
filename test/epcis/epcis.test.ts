import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { formatStampCodeForPrint } from "../../src/domain/stamp-code.js";
import { refreshScanRollup } from "../../src/modules/stamps/index.js";
import { stampRuntime } from "../../src/modules/stamps/runtime/stamp-runtime.js";
import { certified } from "../certificates/support.js";
import { apiAs, ok } from "../cycle/support.js";
import { reformEval } from "../evaluation/support.js";
import { createRetailPoint, grant, signedInUser } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { codesOf, lot } from "../stamps/support.js";
import { epcisErrors } from "./schema.js";

/*
 * Issue 19, EPCIS 2.0: the stamps' life (issued, activated on a lot, voided, sold at a till, scanned) made through
 * the real services and read back from GET /api/epcis/events, every page checked against GS1's JSON Schema.
 */

// GS1's own Digital Link toolkit, an independent check of the identifiers (it ships no types).
const { DigitalLink } = createRequire(import.meta.url)("digital-link.js") as { DigitalLink: (uri: string) => { isValid(): boolean } };

type Ev = Record<string, any>;
type Doc = { "@context": unknown[]; type: string; epcisBody: { eventList: Ev[] }; "ocop:nextPageToken"?: string; "ocop:nextPage"?: string };

let t: TestApp;
const BASE = "https://ocop.test";
const GTIN = "08935049500018";
const IP = "203.0.113.77";
const UA = "Mozilla/5.0 (EPCIS-probe-phone)";

let a: { productId: number; batchId: number; codes: string[] };
let b: { productId: number; batchId: number; codes: string[] };
let pointId: number;
let full: Ev[];

async function get(query: string, headers: Record<string, string> = {}) {
  const res = await t.app.request(`/api/epcis/events${query}`, { headers });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", link: res.headers.get("link"), text, body: JSON.parse(text) };
}

async function doc(query: string): Promise<Doc> {
  const r = await get(query);
  expect(r.status, r.text).toBe(200);
  expect(epcisErrors(r.body)).toEqual([]);
  return r.body as Doc;
}

/** Every event of a query, following the Link rel="next" header page by page. */
async function walk(query: string, perPage: number): Promise<{ events: Ev[]; pages: number }> {
  const events: Ev[] = [];
  let url: string | null = `/api/epcis/events${query}${query ? "&" : "?"}perPage=${perPage}`;
  let pages = 0;
  while (url) {
    const res = await t.app.request(url);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Doc;
    expect(epcisErrors(body)).toEqual([]);
    expect(body.epcisBody.eventList.length).toBeLessThanOrEqual(perPage);
    events.push(...body.epcisBody.eventList);
    pages++;
    const link = res.headers.get("link");
    expect(!!link).toBe(!!body["ocop:nextPageToken"]);
    url = link ? new URL(/^<([^>]+)>; rel="next"$/.exec(link)![1]!).pathname + new URL(/^<([^>]+)>/.exec(link)![1]!).search : null;
    if (url) expect(body["ocop:nextPage"]).toBe(`${BASE}${url}`);
    expect(pages).toBeLessThan(100);
  }
  return { events, pages };
}

const classOf = (e: Ev): string => e.quantityList?.[0]?.epcClass ?? e.epcList?.[0] ?? "";

beforeAll(async () => {
  t = await createTestApp({ config: { trustProxy: true, proxyHops: 1 } });
  const wa = await reformEval(t);
  const ca = await certified(t, wa);
  const wb = await reformEval(t);
  const cb = await certified(t, wb);
  await ok(wa.office.api("PATCH", `/api/products/${ca.productId}`, { gtin: "8935049500018" }));
  // Both batches at the same instant: the paging key must still order them.
  const ba = await ok(wa.office.api("POST", "/api/stamp-batches", { productId: ca.productId, quantity: 12 }), 201);
  const bb = await ok(wb.office.api("POST", "/api/stamp-batches", { productId: cb.productId, quantity: 5 }), 201);
  a = { productId: ca.productId, batchId: ba.id, codes: await codesOf(t, ba.id) };
  b = { productId: cb.productId, batchId: bb.id, codes: await codesOf(t, bb.id) };

  t.clock.advance(3_600_000);
  await ok(wa.producerMember.api("POST", "/api/stamps/activate", { batchId: a.batchId, fromSeq: 1, toSeq: 6, lot }));
  await ok(wb.producerMember.api("POST", "/api/stamps/activate", { batchId: b.batchId, lot: { ...lot, lotNumber: "LB-01" } }));
  t.clock.advance(3_600_000);
  // Vietnamese letters are not GS1's character set: this lot is named by its page, not by /10/.
  await ok(wa.producerMember.api("POST", "/api/stamps/activate", { batchId: a.batchId, fromSeq: 7, toSeq: 8, lot: { ...lot, lotNumber: "Lô tháng 6" } }));
  t.clock.advance(3_600_000);
  await ok(wa.producerMember.api("POST", "/api/stamps/void", { batchId: a.batchId, fromSeq: 9, toSeq: 10, reason: "Mất cuộn tem" }));
  t.clock.advance(60_000);
  await ok(wa.office.api("POST", "/api/stamps/void", { code: a.codes[4], reason: "Tem bị bóc ra" }));
  // Operations that change no stamp (all already activated, all already void) are no event.
  t.clock.advance(60_000);
  expect((await ok(wa.producerMember.api("POST", "/api/stamps/activate", { batchId: a.batchId, fromSeq: 1, toSeq: 6, lot }))).activated).toBe(0);
  expect((await ok(wa.producerMember.api("POST", "/api/stamps/void", { batchId: a.batchId, fromSeq: 9, toSeq: 10, reason: "Lần nữa" }))).voided).toBe(0);
  // More stamps onto a lot already in use (a second roll for the same lot): creating_class_instance, not commissioning.
  t.clock.advance(60_000);
  await ok(wa.producerMember.api("POST", "/api/stamps/activate", { batchId: a.batchId, fromSeq: 11, toSeq: 12, lot }));

  t.clock.advance(3_600_000);
  const point = await createRetailPoint(t.database.db, wa.commune, { name: "Cửa hàng OCOP Thạch Hà" });
  pointId = point.id;
  const { session } = await signedInUser(t.app, t.database.db, [grant("retail_operator", point)]);
  const op = apiAs(t, session);
  await ok(op("POST", `/api/retail/${point.id}/sales`, { code: a.codes[0] }), 201);
  await ok(op("POST", `/api/retail/${point.id}/sales`, { code: b.codes[1] }), 201);

  // Consumers scan (2026-06-15 in Hà Tĩnh) from two places, and one more four days later.
  const scanFrom = (code: string, ip: string, region: string) => t.app.request(`/s/${code}`, { headers: { accept: "application/json", "user-agent": UA, "x-forwarded-for": ip, "cf-ipcountry": "VN", "cf-region": region } });
  await scanFrom(a.codes[0]!, IP, "Ha Tinh");
  await scanFrom(a.codes[1]!, "198.51.100.9", "Ha Tinh");
  await scanFrom(a.codes[2]!, "198.51.100.10", "Nghe An");
  await scanFrom(b.codes[0]!, IP, "Ha Tinh");
  await stampRuntime(t.deps).recorder.flush();
  t.clock.set("2026-06-19T03:00:00Z");
  await scanFrom(a.codes[3]!, "198.51.100.11", "Ha Tinh");
  await stampRuntime(t.deps).recorder.flush();
  // The roll-up through 2026-06-20: the 15th is settled (before through − 2), the 19th is not.
  t.clock.set("2026-06-20T03:00:00Z");
  await refreshScanRollup(t.database.db, t.clock.now());
  full = (await doc("?perPage=1000")).epcisBody.eventList;
});
afterAll(() => t.close());

describe("the EPCIS document", () => {
  it("is an EPCISDocument in JSON-LD that passes GS1's EPCIS 2.0 JSON Schema, and the schema check does catch a broken one", async () => {
    const r = await get("");
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/ld\+json/);
    expect(r.body["@context"]).toEqual(["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", { ocop: `${BASE}/epcis/voc/` }]);
    expect(r.body).toMatchObject({ type: "EPCISDocument", schemaVersion: "2.0" });
    expect(epcisErrors(r.body)).toEqual([]);
    expect((await get("", { accept: "application/json" })).type).toMatch(/^application\/json/);

    // The check is real: each of these breaks the document, and the schema says so.
    const breakers: ((d: Doc) => void)[] = [
      (d) => delete d.epcisBody.eventList[0]!.eventTimeZoneOffset,
      (d) => (d.epcisBody.eventList[0]!.action = "CREATE"),
      (d) => (d.epcisBody.eventList[0]!.scanCount = 3),
      (d) => (d.epcisBody.eventList[0]!.eventTime = "15/06/2026"),
      (d) => delete (d as Partial<Doc>)["@context"],
    ];
    for (const breakIt of breakers) {
      const broken = structuredClone(r.body) as Doc;
      breakIt(broken);
      expect(epcisErrors(broken).length).toBeGreaterThan(0);
    }
  });

  it("maps issuing, activation, voiding, sale and a day's scans to CBV steps with GS1 Digital Link identifiers", () => {
    const of = (step: string) => full.filter((e) => e.bizStep === step || String(e.bizStep).endsWith(`/${step}`));
    const issued = of("encoding");
    expect(issued.map((e) => [e.action, e.disposition, classOf(e), e.quantityList[0].quantity, e["ocop:stampBatch"]])).toEqual(
      expect.arrayContaining([
        ["ADD", "encoded", `${BASE}/01/${GTIN}`, 12, a.batchId],
        ["ADD", "encoded", `${BASE}/p/${b.productId}`, 5, b.batchId],
      ]),
    );
    expect(issued.every((e) => /^https:\/\/ocop\.test\/c\/\d+$/.test(e.certificationInfo))).toBe(true);

    const activated = of("commissioning");
    expect(activated.map((e) => [e.action, e.disposition, classOf(e), e.quantityList[0].quantity, e["ocop:firstSeq"], e["ocop:lastSeq"]])).toEqual(
      expect.arrayContaining([
        ["ADD", "active", `${BASE}/01/${GTIN}/10/${lot.lotNumber}`, 6, 1, 6],
        ["ADD", "active", `${BASE}/p/${a.productId}?lot=${encodeURIComponent("Lô tháng 6")}`, 2, 7, 8],
        ["ADD", "active", `${BASE}/p/${b.productId}?lot=LB-01`, 5, 1, 5],
      ]),
    );
    expect(activated.length).toBe(3);
    expect(of("creating_class_instance").map((e) => [e.action, e.disposition, classOf(e), e.quantityList[0].quantity, e["ocop:firstSeq"], e["ocop:lastSeq"], e.ilmd["cbvmda:lotNumber"]])).toEqual([
      ["ADD", "active", `${BASE}/01/${GTIN}/10/${lot.lotNumber}`, 2, 11, 12, lot.lotNumber],
    ]);
    expect(activated.find((e) => e["ocop:stampBatch"] === a.batchId && e["ocop:firstSeq"] === 1)!.ilmd).toEqual({ "cbvmda:lotNumber": lot.lotNumber, "ocop:producedOn": lot.producedOn, "cbvmda:itemExpirationDate": lot.expiresOn });

    const voided = of("decommissioning");
    expect(voided.map((e) => [e.action, e.disposition, classOf(e), e.quantityList[0].quantity, e["ocop:firstSeq"], e["ocop:lastSeq"]])).toEqual([
      ["DELETE", "inactive", `${BASE}/01/${GTIN}`, 2, 9, 10],
      ["DELETE", "inactive", `${BASE}/01/${GTIN}/10/${lot.lotNumber}`, 1, 5, 5],
    ]);

    const sold = of("retail_selling");
    expect(sold.map((e) => [e.action, e.disposition, e.epcList, e.bizLocation.id, e.readPoint.id])).toEqual([
      ["OBSERVE", "retail_sold", [`${BASE}/01/${GTIN}/21/${a.codes[0]!.slice(0, 12)}`], `${BASE}/epcis/voc/retail-point/${pointId}`, `${BASE}/epcis/voc/retail-point/${pointId}`],
      ["OBSERVE", "retail_sold", [`${BASE}/p/${b.productId}/21/${b.codes[1]!.slice(0, 12)}`], `${BASE}/epcis/voc/retail-point/${pointId}`, `${BASE}/epcis/voc/retail-point/${pointId}`],
    ]);
    expect(sold[0]!["ocop:retailPointName"]).toBe("Cửa hàng OCOP Thạch Hà");
    expect(sold.map((e) => [e["ocop:stampBatch"], e["ocop:stampSeq"]])).toEqual([[a.batchId, 1], [b.batchId, 2]]);

    // Scans: per Vietnam day, product and place, settled days only (the 19th is not yet).
    const scans = of("consumer_scanning").map((e) => [classOf(e), e["ocop:scanDay"], e.readPoint.id, e["ocop:scanCount"], e.eventTime]);
    expect(scans).toEqual(
      expect.arrayContaining([
        [`${BASE}/01/${GTIN}`, "2026-06-15", `${BASE}/epcis/voc/place/VN/Ha%20Tinh`, 2, "2026-06-15T23:59:59.999+07:00"],
        [`${BASE}/01/${GTIN}`, "2026-06-15", `${BASE}/epcis/voc/place/VN/Nghe%20An`, 1, "2026-06-15T23:59:59.999+07:00"],
        [`${BASE}/p/${b.productId}`, "2026-06-15", `${BASE}/epcis/voc/place/VN/Ha%20Tinh`, 1, "2026-06-15T23:59:59.999+07:00"],
      ]),
    );
    expect(scans.length).toBe(3);

    const gs1Ids = full.flatMap((e) => [...(e.epcList ?? []), ...(e.quantityList ?? []).map((q: Ev) => q.epcClass)]).filter((u: string) => u.startsWith(`${BASE}/01/`));
    expect(gs1Ids.length).toBeGreaterThan(5);
    for (const u of gs1Ids) expect(DigitalLink(u).isValid(), u).toBe(true);
    for (const e of full) {
      expect(e.eventTimeZoneOffset).toBe("+07:00");
      expect(e.eventTime).toMatch(/\+07:00$/);
      expect(e.eventID).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(full.map((e) => e.eventID)).size).toBe(full.length);
    // In time order.
    const times = full.map((e) => Date.parse(e.eventTime));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });

  it("publishes no stamp code (the MAC that makes a stamp genuine) and no personal data of the scanners", async () => {
    const text = (await get("?perPage=1000")).text;
    for (const code of [...a.codes, ...b.codes]) expect(text).not.toContain(code);
    expect(text).not.toContain(IP);
    expect(text).not.toContain("198.51.100");
    expect(text).not.toContain("EPCIS-probe-phone");
    const allowed = new Set(["type", "eventID", "eventTime", "eventTimeZoneOffset", "action", "bizStep", "quantityList", "readPoint", "ocop:scanDay", "ocop:scanCount", "ocop:country", "ocop:region"]);
    for (const e of full.filter((x) => String(x.bizStep).endsWith("consumer_scanning"))) {
      for (const k of Object.keys(e)) expect(allowed.has(k), k).toBe(true);
    }
  });

  it("gives the same event the same id on every request", async () => {
    const again = (await doc("?perPage=1000")).epcisBody.eventList;
    expect(again.map((e) => e.eventID)).toEqual(full.map((e) => e.eventID));
  });
});

describe("paging", () => {
  it("walks every event exactly once, in order, for any page size, with Link rel=next and the token in the document", async () => {
    for (const size of [1, 2, 3, 7]) {
      const { events, pages } = await walk("", size);
      expect(events.map((e) => e.eventID)).toEqual(full.map((e) => e.eventID));
      expect(pages).toBe(Math.ceil(full.length / size));
    }
    const filtered = await walk(`?productId=${a.productId}`, 2);
    expect(filtered.events.map((e) => e.eventID)).toEqual((await doc(`?productId=${a.productId}&perPage=1000`)).epcisBody.eventList.map((e) => e.eventID));
  });

  it("reads a page in the same number of queries whatever its size (no query per event)", async () => {
    const db = t.database.db;
    const spies = [vi.spyOn(db, "execute"), vi.spyOn(db, "select")];
    const calls = () => spies.reduce((n, s) => n + s.mock.calls.length, 0);
    await get("?perPage=1");
    const one = calls();
    spies.forEach((s) => s.mockClear());
    await get("?perPage=1000");
    const all = calls();
    spies.forEach((s) => s.mockRestore());
    expect(one).toBe(1);
    expect(all).toBe(one);
  });
});

describe("filters", () => {
  const ids = (events: Ev[]) => events.map((e) => e.eventID);
  const ofProduct = (e: Ev, productId: number, gtin: string | null) => {
    const c = classOf(e);
    return (gtin && c.startsWith(`${BASE}/01/${gtin}`)) || c.startsWith(`${BASE}/p/${productId}/`) || c.startsWith(`${BASE}/p/${productId}?`) || c === `${BASE}/p/${productId}`;
  };

  it("narrow by product, batch, lot, time, bizStep and event type, exactly to the events that match", async () => {
    const byProduct = (await doc(`?productId=${a.productId}&perPage=1000`)).epcisBody.eventList;
    expect(ids(byProduct)).toEqual(ids(full.filter((e) => ofProduct(e, a.productId, GTIN))));
    expect(byProduct.length).toBeGreaterThan(0);
    expect(byProduct.length).toBeLessThan(full.length);

    const byBatch = (await doc(`?batchId=${b.batchId}&perPage=1000`)).epcisBody.eventList;
    expect(ids(byBatch)).toEqual(ids(full.filter((e) => e["ocop:stampBatch"] === b.batchId)));
    expect(byBatch.map((e) => e.bizStep)).toEqual(["encoding", "commissioning", "retail_selling"]);

    const byLot = (await doc(`?lot=${lot.lotNumber}&perPage=1000`)).epcisBody.eventList;
    const lotClass = `${BASE}/01/${GTIN}/10/${lot.lotNumber}`;
    expect(ids(byLot)).toEqual(ids(full.filter((e) => classOf(e) === lotClass || e["ocop:lot"] === lotClass)));
    expect(byLot.map((e) => e.bizStep)).toEqual(["commissioning", "decommissioning", "creating_class_instance", "retail_selling"]);
    expect((await doc(`?lot=${lot.lotNumber}&productId=${b.productId}`)).epcisBody.eventList).toEqual([]);

    // One stamp: the events that changed it, found from its serial or its printed code (cut to the serial).
    const steps = async (q: string) => (await doc(q)).epcisBody.eventList.map((e) => [e.bizStep, e["ocop:stampBatch"], e["ocop:firstSeq"] ?? e["ocop:stampSeq"]]);
    expect(await steps(`?serial=${a.codes[0]!.slice(0, 12)}`)).toEqual([["encoding", a.batchId, 1], ["commissioning", a.batchId, 1], ["retail_selling", a.batchId, 1]]);
    expect(await steps(`?serial=${formatStampCodeForPrint(a.codes[4]!).toLowerCase()}`)).toEqual([["encoding", a.batchId, 1], ["commissioning", a.batchId, 1], ["decommissioning", a.batchId, 5]]);
    expect(await steps(`?serial=${a.codes[9]!}`)).toEqual([["encoding", a.batchId, 1], ["decommissioning", a.batchId, 9]]);
    expect(await steps(`?serial=${a.codes[7]!}`)).toEqual([["encoding", a.batchId, 1], ["commissioning", a.batchId, 7]]);
    expect(await steps("?serial=0000000000ZZ")).toEqual([]);
    expect(ids((await doc(`?lot=${encodeURIComponent("Lô tháng 6")}`)).epcisBody.eventList)).toHaveLength(1);

    // A day is a Vietnam calendar day; an instant bound is exact ("to" excluded).
    const day = (await doc("?from=2026-06-15&to=2026-06-15&perPage=1000")).epcisBody.eventList;
    const inDay = (e: Ev) => e.eventTime.startsWith("2026-06-15");
    expect(ids(day)).toEqual(ids(full.filter(inDay)));
    const firstActivation = full.find((e) => e.bizStep === "commissioning")!;
    const after = (await doc(`?from=${encodeURIComponent(firstActivation.eventTime)}&perPage=1000`)).epcisBody.eventList;
    expect(ids(after)).toEqual(ids(full.filter((e) => Date.parse(e.eventTime) >= Date.parse(firstActivation.eventTime))));
    const before = (await doc(`?to=${encodeURIComponent(firstActivation.eventTime)}&perPage=1000`)).epcisBody.eventList;
    expect(ids(before)).toEqual(ids(full.filter((e) => Date.parse(e.eventTime) < Date.parse(firstActivation.eventTime))));
    expect(before.length + after.length).toBe(full.length);

    for (const step of ["encoding", "commissioning", "creating_class_instance", "decommissioning", "retail_selling", "consumer_scanning"]) {
      const got = (await doc(`?bizStep=${step}&perPage=1000`)).epcisBody.eventList;
      expect(got.length).toBeGreaterThan(0);
      expect(ids(got)).toEqual(ids(full.filter((e) => e.bizStep === step || String(e.bizStep).endsWith(`/${step}`))));
    }
    expect(ids((await doc("?eventType=ObjectEvent&perPage=1000")).epcisBody.eventList)).toEqual(ids(full));
    expect((await doc("?eventType=AggregationEvent")).epcisBody.eventList).toEqual([]);
  });

  it("answers bad parameters with a 400 problem in Vietnamese and English", async () => {
    for (const q of ["?perPage=0", "?perPage=1001", "?perPage=abc", "?nextPageToken=bm90LWEtdG9rZW4", "?nextPageToken=%25%25", "?from=yesterday", "?to=2026-13-45", "?from=2026-06-20&to=2026-06-10", "?from=l%C3%BD%20do&to=3", "?from=2026-06-10&to=2026-02-30T10:00Z", "?from=2026-02-31", "?to=9999-12-31", "?from=0000-01-01T00:00Z", "?bizStep=shipping", "?eventType=Event", "?productId=-1", "?EQ_bizStep=encoding", "?serial=ILLEGAL-CODE!", "?serial=ABC", `?lot=${"x".repeat(61)}`]) {
      const r = await get(q);
      expect(r.status, q).toBe(400);
      expect(r.type, q).toMatch(/^application\/problem\+json/);
      expect(r.body.i18n?.vi?.title, q).toBeTruthy();
      expect(r.body.i18n?.en?.title, q).toBeTruthy();
    }
  });
});
