import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeStampCode, newSerial } from "../../src/domain/stamp-code.js";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { gs1Check } from "../support/gs1-digital-link.js";
import { issuedBatch, lot, scan, STAMP_KEY } from "./support.js";

/*
 * Issue 19: the GS1 resolver to the GS1-Conformant Resolver Standard 1.1 and Digital Link URI Syntax 1.4. Every
 * URI the resolver accepts, redirects to or names as an anchor is also checked with digital-link.js.
 */

const VOC = "https://gs1.org/voc/";
const G13 = "8935049500025";
const G = `0${G13}`;

let t: TestApp;
let productId: number;
let certificateId: number;
let codes: string[];
let otherCode: string;

beforeAll(async () => {
  t = await createTestApp();
  const b = await issuedBatch(t, 3);
  ({ productId, certificateId } = b.cert);
  codes = b.codes;
  await ok(b.w.office.api("PATCH", `/api/products/${productId}`, { gtin: G13 }));
  await ok(b.w.producerMember.api("POST", "/api/stamps/activate", { batchId: b.batch.id, lot: { ...lot, lotNumber: "L1" } }));
  // A genuine stamp of another product: under this GTIN it is not ours either.
  otherCode = (await issuedBatch(t, 1)).codes[0]!;
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });
const dlValid = (uri: string) => gs1Check(uri.replace(/\?.*$/, "")).valid;

/** The Link header's links, as { href, rel, type, hreflang, title }. */
function linksOf(header: string | null) {
  return (header ?? "").split(/,\s*(?=<)/).map((part) => {
    const href = /^<([^>]*)>/.exec(part)![1]!;
    const attr = (name: string) => new RegExp(`;\\s*${name}="?([^";]*)"?`).exec(part)?.[1];
    return { href, rel: attr("rel"), type: attr("type"), hreflang: attr("hreflang"), title: attr("title") };
  });
}

describe("the resolver description file", () => {
  it("names primary keys as AIs and link types as the schema's objects", async () => {
    const res = await get("/.well-known/gs1resolver");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const d = await res.json();
    expect(d).toEqual({
      name: expect.any(String),
      resolverRoot: "https://ocop.test",
      supportedPrimaryKeys: ["01"],
      supportedLinkType: [{ namespace: VOC, prefix: "gs1:", profile: "https://ref.gs1.org/voc/?show=linktypes" }],
      linkTypeDefaultCanBeLinkset: false,
      supportedContextValuesEnumerated: ["consumer", "trade"],
      jsonLdContextLocation: "https://ref.gs1.org/standards/resolver/linkset-context",
      contact: { fn: expect.stringContaining("Hà Tĩnh"), hasURL: "https://ocop.test" },
    });
    expect(dlValid(`${d.resolverRoot}/01/${G}`)).toBe(true);
    // Every context the file names is one the resolver answers.
    for (const ctx of d.supportedContextValuesEnumerated) expect((await get(`/01/${G}?context=${ctx}`)).status).toBe(307);
  });
});

describe("canonical GTIN-14", () => {
  it.each([
    [`/01/${G13}`, `/01/${G}`],
    [`/01/${G13}/10/L1/21/${"S"}?17=271231&3103=000500`, `/01/${G}/10/L1/21/S?17=271231&3103=000500`],
    ["/01/96385074", "/01/00000096385074"],
    ["/01/036000291452/22/V", "/01/00036000291452/22/V"],
  ])("%s is sent on permanently to %s, with the rest of the path and the query", async (path, canonical) => {
    const res = await get(path);
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`https://ocop.test${canonical}`);
    expect(gs1Check(`https://ocop.test${path}`).valid).toBe(true);
    expect(gs1Check(res.headers.get("location")!)).toMatchObject({ valid: true, identifier: { "01": canonical.slice(4, 18) } });
  });
  it("answers the 14-digit form and a trailing slash without a detour", async () => {
    for (const path of [`/01/${G}`, `/01/${G}/`]) {
      const res = await get(path);
      expect(res.status, path).toBe(307);
      expect(res.headers.get("location")).toBe(`https://ocop.test/p/${productId}`);
    }
  });
});

describe("key qualifiers 22 → 10 → 21", () => {
  it("accepts every order the standard allows, and no other (400 problem+json in Vietnamese and English)", async () => {
    for (const path of [`/01/${G}/22/V1`, `/01/${G}/10/L1`, `/01/${G}/21/${codes[0]}`, `/01/${G}/22/V1/10/L1`, `/01/${G}/10/L1/21/${codes[0]}`, `/01/${G}/22/V1/10/L1/21/${codes[0]}`, `/01/${G}/22/V1/21/${codes[0]}`]) {
      expect(dlValid(`https://ocop.test${path}`), path).toBe(true);
      expect((await get(path)).status, path).toBe(307);
    }
    expect((await get(`/01/${G}/10/L1/21/${codes[0]}`)).headers.get("location")).toBe(`https://ocop.test/s/${codes[0]}`);
    for (const path of [`/01/${G}/21/${codes[0]}/10/L1`, `/01/${G}/10/L1/22/V1`, `/01/${G}/21/S/22/V`, `/01/${G}/235/X`]) {
      expect(dlValid(`https://ocop.test${path}`), path).toBe(false);
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const p = await res.json();
      expect(p.i18n.vi.detail).toBeTruthy();
      expect(p.i18n.en.detail).toBeTruthy();
      expect(p.i18n.vi.detail).not.toBe(p.i18n.en.detail);
    }
  });
});

describe("unknown lots and serials fall back to the GTIN's links, never to a verification", () => {
  it("an unknown lot: the product page (without the lot) that says the lot is unknown", async () => {
    const res = await get(`/01/${G}/10/NO-SUCH-LOT`);
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe(`https://ocop.test/p/${productId}?unknown=lot`);
    expect(res.headers.get("resolver-fallback")).toBe("lot");
    const page = await (await get(`/p/${productId}?unknown=lot`)).text();
    expect(page).toContain("Số lô trong mã vừa quét không có trong sổ");
    // A known lot is named, and has no note.
    const known = await get(`/01/${G}/10/L1`);
    expect(known.headers.get("location")).toBe(`https://ocop.test/p/${productId}?lot=L1`);
    expect(known.headers.get("resolver-fallback")).toBeNull();
  });

  it.each([
    ["a forged serial", () => encodeStampCode(newSerial(), "x".repeat(43))],
    ["a well-formed serial never issued", () => encodeStampCode(newSerial(), STAMP_KEY)],
    ["another product's genuine stamp", () => otherCode],
    ["a serial that is no stamp code at all", () => "ABC123"],
  ])("%s: the product page with a clear note, no verification link, and the scan page still says unknown", async (_what, serialOf) => {
    const serial = serialOf();
    const path = `/01/${G}/10/L1/21/${serial}`;
    expect(dlValid(`https://ocop.test${path}`)).toBe(true);
    const res = await get(path);
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe(`https://ocop.test/p/${productId}?lot=L1&unknown=serial`);
    expect(res.headers.get("resolver-fallback")).toBe("serial");
    const rels = linksOf(res.headers.get("link")).map((l) => l.rel);
    expect(rels).not.toContain(`${VOC}verificationService`);
    expect((await get(`${path}?linkType=gs1:verificationService`)).status).toBe(404);
    const ls = await (await get(`${path}?linkType=all`)).json();
    expect(ls.linkset[0][`${VOC}verificationService`]).toBeUndefined();
    expect(ls.linkset[0][`${VOC}pip`][0].fallback).toEqual(["serial"]);
    const page = await (await get(`/p/${productId}?lot=L1&unknown=serial`)).text();
    expect(page).toContain("không phải là xác nhận tem thật");
    expect(page).toContain('role="alert"');
    // The stamp check is its own page, and for anything not ours it says so, as before.
    if (serial !== otherCode) expect((await scan(t, serial)).status).toBe(404);
  });

  it("a stamp of ours goes to its own scan page, with no note", async () => {
    const res = await get(`/01/${G}/21/${codes[1]}`);
    expect(res.headers.get("location")).toBe(`https://ocop.test/s/${codes[1]}`);
    expect(res.headers.get("resolver-fallback")).toBeNull();
    expect(gs1Check(`https://ocop.test/01/${G}/21/${codes[1]}`).valid).toBe(true);
  });
});

describe("query-string AIs", () => {
  it("survive the canonical redirect and the redirect to the target; the resolver's own parameters stay behind", async () => {
    const uri = `/01/${G13}/10/L1?17=271231&3103=000500&linkType=gs1:pip`;
    expect(gs1Check(`https://ocop.test${uri}`)).toMatchObject({ valid: true, attributes: { "17": "271231", "3103": "000500", linkType: "gs1:pip" } });
    const first = await get(uri);
    expect(first.status).toBe(301);
    const second = await get(first.headers.get("location")!.replace("https://ocop.test", ""));
    expect(second.status).toBe(307);
    expect(second.headers.get("location")).toBe(`https://ocop.test/p/${productId}?lot=L1&17=271231&3103=000500`);
    for (const bad of [`/01/${G}?17=271399`, `/01/${G}?3103=12`, `/01/${G}?21=S1`]) expect((await get(bad)).status, bad).toBe(400);
  });
});

describe("links, linksets and the choice among them", () => {
  it("puts every link in the Link header with rel, type, hreflang and title, the linkset's links exactly", async () => {
    const res = await get(`/01/${G}/21/${codes[0]}`);
    const header = linksOf(res.headers.get("link"));
    expect(header[0]).toEqual({ href: `https://ocop.test/01/${G}/21/${codes[0]}?linkType=linkset`, rel: "linkset", type: "application/linkset+json", hreflang: undefined, title: undefined });
    const ls = await (await get(`/01/${G}/21/${codes[0]}?linkType=all`)).json();
    const fromLinkset = Object.entries(ls.linkset[0] as Record<string, { href: string; type: string; hreflang: string[] }[] | string>)
      .filter(([k]) => k !== "anchor" && !k.endsWith("/defaultLink") && !k.endsWith("/defaultLinkMulti"))
      .flatMap(([rel, targets]) => (targets as { href: string; type: string; hreflang: string[] }[]).map((x) => ({ href: x.href, rel, type: x.type, hreflang: x.hreflang[0] })));
    expect(header.slice(1).map(({ title, ...l }) => (expect(title).toBeTruthy(), l))).toEqual(fromLinkset);
    expect(new Set(header.slice(1).map((l) => l.rel))).toEqual(new Set([`${VOC}verificationService`, `${VOC}pip`, `${VOC}certificationInfo`]));
  });

  it("answers ?linkType=all with the RFC 9264 linkset: anchor, link types as keys, a default link", async () => {
    for (const res of [await get(`/01/${G}/10/L1?linkType=all`), await get(`/01/${G}/10/L1?linkType=linkset`), await get(`/01/${G}/10/L1`, { accept: "application/linkset+json" })]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/linkset+json");
      expect(res.headers.get("link")).toContain('rel="linkset"');
      const { linkset } = await res.json();
      expect(linkset).toHaveLength(1);
      expect(linkset[0].anchor).toBe(`https://ocop.test/01/${G}/10/L1`);
      expect(gs1Check(linkset[0].anchor)).toMatchObject({ valid: true, identifier: { "01": G }, keyQualifiers: { "10": "L1" } });
      expect(linkset[0][`${VOC}defaultLink`]).toEqual([{ href: `https://ocop.test/p/${productId}?lot=L1`, title: expect.any(String), type: "text/html", hreflang: ["vi"] }]);
      expect(linkset[0][`${VOC}defaultLinkMulti`].map((l: { hreflang: string[] }) => l.hreflang[0])).toEqual(["vi", "en"]);
      expect(linkset[0][`${VOC}certificationInfo`][0].href).toBe(`https://ocop.test/c/${certificateId}`);
      for (const key of Object.keys(linkset[0])) if (key !== "anchor") expect(key).toMatch(/^https:\/\/gs1\.org\/voc\/[A-Za-z]+$/);
    }
    // An app asking for JSON gets the same linkset as application/json; a browser (text/html first) is redirected.
    const app = await get(`/01/${G}/10/L1`, { accept: "application/json" });
    expect(app.status).toBe(200);
    expect(app.headers.get("content-type")).toBe("application/json");
    expect((await app.json()).linkset[0].anchor).toBe(`https://ocop.test/01/${G}/10/L1`);
    const browser = await get(`/01/${G}/10/L1`, { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.8,*/*;q=0.7" });
    expect(browser.status).toBe(307);
  });

  it("chooses by linkType, context and Accept-Language", async () => {
    const loc = async (path: string, headers: Record<string, string> = {}) => (await get(path, headers)).headers.get("location");
    expect(await loc(`/01/${G}`, { "accept-language": "en-GB,en;q=0.9,vi;q=0.5" })).toBe(`https://ocop.test/p/${productId}?lang=en`);
    expect(await loc(`/01/${G}`, { "accept-language": "vi-VN,en;q=0.8" })).toBe(`https://ocop.test/p/${productId}`);
    expect(await loc(`/01/${G}`, { "accept-language": "fr" })).toBe(`https://ocop.test/p/${productId}`);
    expect(await loc(`/01/${G}?context=trade`)).toBe(`https://ocop.test/c/${certificateId}`);
    expect(await loc(`/01/${G}?context=consumer`)).toBe(`https://ocop.test/p/${productId}`);
    expect(await loc(`/01/${G}?context=nowhere`)).toBe(`https://ocop.test/p/${productId}`);
    expect(await loc(`/01/${G}?linkType=${encodeURIComponent(`${VOC}certificationInfo`)}`, { "accept-language": "en" })).toBe(`https://ocop.test/c/${certificateId}?lang=en`);
    expect(await loc(`/01/${G}/21/${codes[0]}?linkType=gs1:pip`, { "accept-language": "en" })).toBe(`https://ocop.test/p/${productId}?lang=en`);
    expect(await loc(`/01/${G}/21/${codes[0]}`, { "accept-language": "en" })).toBe(`https://ocop.test/s/${codes[0]}?lang=en`);
    expect((await get(`/01/${G}?linkType=gs1:recallStatus`)).status).toBe(404);
    expect((await get(`/01/${G}?linkType=nonsense`)).status).toBe(400);
    // The English pages the links promise are English.
    expect(await (await get(`/p/${productId}?lang=en`)).text()).toContain("Producer");
  });

  it("supports OPTIONS and CORS", async () => {
    const res = await t.app.request(`/01/${G}`, { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-methods")).toContain("HEAD");
    expect((await get(`/01/${G}`)).headers.get("access-control-expose-headers")).toContain("Link");
    expect((await t.app.request(`/01/${G}`, { method: "HEAD" })).status).toBe(307);
  });
});
