import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { clientAddress } from "../../auth/middleware.js";
import { parseDigitalLink, type DigitalLink } from "../../domain/gs1.js";
import { scannerOf } from "../../domain/scan-verdict.js";
import { parseStampCode } from "../../domain/stamp-code.js";
import type { Locale } from "../../lib/i18n.js";
import { wantsJson } from "../../lib/negotiate.js";
import { badRequest, notFound, tooManyRequests } from "../../lib/problem.js";
import { limitRequest } from "../../http/rate-limits.js";
import { plainResponse } from "../../http/plain-response.js";
import { idParam, publicFrame } from "../../web/page.js";
import { productCertificate } from "../certificates/index.js";
import { lotExists, productByGtin, productOfSerial } from "./queries/gs1.js";
import { loadProductPage } from "./queries/product-page.js";
import { runtimeOf } from "./runtime/stamp-runtime.js";
import { productPage } from "./views/product.js";
import { scanJson, scanPageBytes } from "./views/scan.js";

/*
 * The stamps area's public URLs, mounted before the session middleware: they show the same to everyone, set no
 * cookie and so spare the session lookup (the scan page is the public hot path).
 */

/*
 * A GS1 Digital Link resolver for products with a GTIN (GS1 Digital Link 1.4, GS1-Conformant Resolver 1.1):
 *   /01/{gtin}                 → the product's public page (gs1:pip)
 *   /01/{gtin}/10/{lot}        → the same, for that lot
 *   /01/{gtin}/21/{stamp code} → the stamp's scan page (its serial is our stamp code)
 * 307 to the default link; the RFC 9264 linkset with ?linkType=linkset or Accept: application/linkset+json;
 * ?linkType=gs1:… picks one link; 400 (problem+json) on a malformed URI; /.well-known/gs1resolver describes it.
 */

const GS1 = "https://gs1.org/voc/";
type Link = { type: string; href: string; title: string; hreflang: string[]; mime: string };

async function resolve(c: Context<AppEnv>, dl: DigitalLink): Promise<{ anchor: string; links: Link[]; defaultHref: string }> {
  const db = c.get("deps").database.db;
  const base = c.get("deps").config.publicBaseUrl;
  const p = await productByGtin(db, dl.gtin);
  if (!p) throw notFound({ vi: `sản phẩm có GTIN ${dl.gtin}`, en: `A product with GTIN ${dl.gtin}` });
  const anchor = `${base}/01/${dl.gtin}${dl.lot ? `/10/${encodeURIComponent(dl.lot)}` : ""}${dl.serial ? `/21/${encodeURIComponent(dl.serial)}` : ""}`;
  const links: Link[] = [];
  if (dl.lot) {
    if (!(await lotExists(db, p.id, dl.lot))) throw notFound({ vi: `lô ${dl.lot}`, en: `Lot ${dl.lot}` });
  }
  let scanHref: string | null = null;
  if (dl.serial) {
    const parsed = parseStampCode(dl.serial, runtimeOf(c).stampKeys);
    if (!parsed.ok) throw notFound({ vi: "tem có số sê-ri này", en: "A stamp with this serial" });
    if ((await productOfSerial(db, parsed.serial)) !== p.id) throw notFound({ vi: "tem có số sê-ri này cho GTIN này", en: "A stamp with this serial for this GTIN" });
    scanHref = `${base}/s/${parsed.code}`;
    links.push({ type: "gs1:verificationService", href: scanHref, title: "Kiểm tra tem OCOP (verify the stamp)", hreflang: ["vi", "en"], mime: "text/html" });
  }
  const pip = `${base}/p/${p.id}${dl.lot ? `?lot=${encodeURIComponent(dl.lot)}` : ""}`;
  links.push({ type: "gs1:pip", href: pip, title: `${p.name} — thông tin sản phẩm (product information)`, hreflang: ["vi", "en"], mime: "text/html" });
  const cert = await productCertificate(db, p.id, c.get("deps").now());
  if (cert) links.push({ type: "gs1:certificationInfo", href: `${base}/c/${cert.cert.id}`, title: `Giấy chứng nhận OCOP ${cert.cert.stars} sao (OCOP certificate)`, hreflang: ["vi", "en"], mime: "text/html" });
  return { anchor, links, defaultHref: scanHref ?? pip };
}

function linkset(anchor: string, links: Link[], defaultHref: string) {
  const entry: Record<string, unknown> = { anchor };
  entry[`${GS1}defaultLink`] = [{ href: defaultHref, type: "text/html" }];
  for (const l of links) {
    const rel = `${GS1}${l.type.slice(4)}`;
    (entry[rel] ??= [] as unknown[]) as unknown[];
    (entry[rel] as unknown[]).push({ href: l.href, title: l.title, hreflang: l.hreflang, type: l.mime });
  }
  return { linkset: [entry] };
}

async function handle(c: Context<AppEnv>) {
  const parsed = parseDigitalLink(c.req.path);
  if (!parsed.ok) throw badRequest("gs1-malformed", { vi: "Đường dẫn GS1 Digital Link không hợp lệ", en: "Malformed GS1 Digital Link URI" }, parsed.message);
  const { anchor, links, defaultHref } = await resolve(c, parsed.link);
  const linkType = c.req.query("linkType");
  const accept = c.req.header("accept") ?? "";
  const linksetUrl = `${anchor}?linkType=linkset`;
  c.header("link", `<${linksetUrl}>; rel="linkset"; type="application/linkset+json"`);
  c.header("vary", "accept");
  if (linkType === "linkset" || linkType === "all" || /application\/linkset\+json/.test(accept)) {
    return c.body(JSON.stringify(linkset(anchor, links, defaultHref)), 200, { "content-type": "application/linkset+json" });
  }
  const chosen = linkType ? links.find((l) => l.type === linkType || `${GS1}${l.type.slice(4)}` === linkType) : undefined;
  return c.redirect(chosen?.href ?? defaultHref, 307);
}

/*
 * GET /s/{code}: the public scan. The page and its JSON (Accept: application/json on the same URL) carry the
 * same facts. Every GET is a scan and is recorded; HEAD and link previews are not. Nothing is cached by a
 * shared cache, since every scan must reach the server to be counted.
 */

/** Coarse place from the edge proxy's headers (country, region), believed only behind a trusted proxy. */
function placeOf(c: Context<AppEnv>): { country: string | null; region: string | null } {
  if (!c.get("deps").config.trustProxy) return { country: null, region: null };
  const clean = (v: string | undefined) => (v && /^[\p{L}\p{N} .'-]{1,60}$/u.test(v) ? v : null);
  return { country: clean(c.req.header("cf-ipcountry")), region: clean(c.req.header("cf-region")) };
}

const rendered = new Map<string, Uint8Array>();

/** Every scan reaches the server to be counted (no shared cache) and no search engine indexes a stamp. */
const SCAN_HEADERS = { "cache-control": "no-store", vary: "accept", "x-robots-tag": "noindex" } as const;

export const stampsPublic = new Hono<AppEnv>()
  // The benchmark's yardstick (BENCH_ROUTES=true only): the same page, rendered once, served from memory.
  .get("/__bench/memory/:code", async (c) => {
    if (!c.get("deps").config.benchRoutes) return c.notFound();
    const code = c.req.param("code");
    let html = rendered.get(code);
    if (!html) {
      html = scanPageBytes(await runtimeOf(c).scans.peek(code, c.get("deps").now()), c.get("locale"), `/s/${code}`);
      rendered.set(code, html);
    }
    return plainResponse(c, html, 200, { "content-type": "text/html; charset=UTF-8", "cache-control": "no-store" });
  })
  .get("/s/:code", async (c) => {
  // Per client, across processes, without a database round trip (http/rate-limits.ts): a hammering client is
  // refused before it costs a lookup or a scan row.
  const limited = limitRequest(c, "scan");
  const wait = typeof limited === "number" ? limited : await limited;
  if (wait > 0) throw tooManyRequests(wait);
  const code = c.req.param("code");
  const rt = runtimeOf(c);
  const now = c.get("deps").now();
  const isHead = c.req.method === "HEAD";
  // The scanner is the address's network: a client rotating user-agents is still one scanner.
  const who = scannerOf(clientAddress(c));
  const result = isHead ? await rt.scans.peek(code, now) : await rt.scans.scan(code, now, who, placeOf(c));
  const L: Locale = c.get("locale");
  const status = result.verdict === "unknown" ? 404 : 200;
  if (wantsJson(c.req.header("accept"))) return plainResponse(c, JSON.stringify(scanJson(result, L)), status, { "content-type": "application/json", ...SCAN_HEADERS });
  return plainResponse(c, scanPageBytes(result, L, `/s/${encodeURIComponent(code)}`), status, { "content-type": "text/html; charset=UTF-8", ...SCAN_HEADERS });
})
  .get("/.well-known/gs1resolver", (c) =>
    c.json({
      name: "OCOP Hà Tĩnh — GS1 Digital Link resolver",
      resolverRoot: c.get("deps").config.publicBaseUrl,
      supportedPrimaryKeys: ["gtin"],
      supportedQualifiers: { gtin: ["10", "21"] },
      linkTypeDefaultCanBeLinkset: false,
      supportedLinkType: [`${GS1}pip`, `${GS1}certificationInfo`, `${GS1}verificationService`, `${GS1}defaultLink`],
      supportedContextValuesEnumerated: [],
      validatesSerialNumbers: true,
    }),
  )
  .get("/01/*", handle)
  .get("/p/:id{[0-9]+}", async (c) => {
    const found = await loadProductPage(c.get("deps").database.db, idParam(c, "id", { vi: "sản phẩm OCOP", en: "The OCOP product" }), c.req.query("lot"), c.get("deps").now());
    if (!found) throw notFound({ vi: "sản phẩm OCOP", en: "The OCOP product" });
    return c.html(productPage({ ...publicFrame(c), page: found }), 200);
  });
