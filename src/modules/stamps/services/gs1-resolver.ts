import type { Context } from "hono";
import type { AppEnv } from "../../../http/env.js";
import { parseDigitalLink, type DigitalLink } from "../../../domain/gs1.js";
import { acceptedLanguages, chooseLink, curieOf, defaultTypeFor, GS1_VOC, linkHeader, linksetOf, linkTypeName, type ResolverLink } from "../../../domain/gs1-links.js";
import { parseStampCode } from "../../../domain/stamp-code.js";
import { badRequest, notFound } from "../../../lib/problem.js";
import { productCertificate } from "../../certificates/index.js";
import { lotExists, productByGtin, productOfSerial } from "../queries/gs1.js";
import { runtimeOf } from "../runtime/stamp-runtime.js";

/*
 * A GS1 Digital Link resolver for products with a GTIN (GS1 Digital Link 1.4, GS1-Conformant Resolver 1.1):
 *   /01/{gtin}[/22/{variant}][/10/{lot}]        → the product's public page (gs1:pip), for that lot
 *   /01/{gtin}[/22/…][/10/{lot}]/21/{stamp code} → the stamp's scan page (gs1:verificationService)
 * A GTIN written in 8, 12 or 13 digits is sent on (301) to its 14-digit path, with the rest of the path and the
 * query. Otherwise 307 to the chosen link with the query's data attributes passed on; the Link header carries
 * every link. ?linkType=all|linkset or Accept: application/linkset+json answers the RFC 9264 linkset; ?linkType=gs1:…
 * picks a type (404 if it has none), ?context= and Accept-Language choose among the links. 400 problem+json on a
 * malformed URI. A lot, variant or serial we do not know falls back to the GTIN's links, with a note (header,
 * linkset attribute, notice on the product page): it never points to the stamp check, so a forged serial is never
 * shown as anything but unknown.
 */

/** The contexts the resolver knows (in its description file): a buyer's trade context defaults to the certificate. */
export const CONTEXTS = { any: "pip", byContext: { consumer: "pip", trade: "certificationInfo" } as Record<string, string> };

export type Level = "variant" | "lot" | "serial";

/** The ?unknown= of a product page the resolver fell back to (anything else is ignored). */
export const unknownLevel = (raw: string | undefined): Level | null => (raw === "variant" || raw === "lot" || raw === "serial" ? raw : null);

/** The two language variants of a page: Vietnamese (the page's default) and English (?lang=en). */
function bilingual(type: string, href: string, title: { vi: string; en: string }, fallback: Level | null): ResolverLink[] {
  const en = `${href}${href.includes("?") ? "&" : "?"}lang=en`;
  return [
    { type, href, title: title.vi, mime: "text/html", hreflang: ["vi"], context: [], fallback },
    { type, href: en, title: title.en, mime: "text/html", hreflang: ["en"], context: [], fallback },
  ];
}

async function linksOf(c: Context<AppEnv>, dl: DigitalLink): Promise<{ links: ResolverLink[]; fallback: Level | null; defaultType: string }> {
  const db = c.get("deps").database.db;
  const base = c.get("deps").config.publicBaseUrl;
  const p = await productByGtin(db, dl.gtin);
  if (!p) throw notFound({ vi: `sản phẩm có GTIN ${dl.gtin}`, en: `A product with GTIN ${dl.gtin}` });
  // The registry keeps no consumer product variants: a variant always answers from the GTIN (or lot) level.
  let fallback: Level | null = dl.variant ? "variant" : null;
  const lotKnown = dl.lot !== null && (await lotExists(db, p.id, dl.lot));
  if (dl.lot !== null && !lotKnown) fallback = "lot";
  let code: string | null = null;
  if (dl.serial !== null) {
    const parsed = parseStampCode(dl.serial, runtimeOf(c).stampKeys);
    if (parsed.ok && (await productOfSerial(db, parsed.serial)) === p.id) code = parsed.code;
    else fallback = "serial";
  }
  const links: ResolverLink[] = [];
  if (code) links.push(...bilingual("verificationService", `${base}/s/${code}`, { vi: "Kiểm tra tem OCOP", en: "Verify the OCOP stamp" }, null));
  const q = new URLSearchParams();
  if (lotKnown) q.set("lot", dl.lot!);
  if (fallback) q.set("unknown", fallback);
  const pip = `${base}/p/${p.id}${q.size ? `?${q}` : ""}`;
  links.push(...bilingual("pip", pip, { vi: `${p.name} — thông tin sản phẩm`, en: `${p.name} — product information` }, fallback));
  const cert = await productCertificate(db, p.id, c.get("deps").now());
  if (cert) links.push(...bilingual("certificationInfo", `${base}/c/${cert.cert.id}`, { vi: `Giấy chứng nhận OCOP ${cert.cert.stars} sao`, en: `OCOP certificate, ${cert.cert.stars} stars` }, fallback));
  return { links, fallback, defaultType: code ? "verificationService" : CONTEXTS.any };
}

/** The query passed on to the target: everything but the resolver's own choice parameters. */
function passedOn(url: URL, href: string): string {
  const q = new URLSearchParams(url.searchParams);
  q.delete("linkType");
  q.delete("context");
  if (!q.size) return href;
  return `${href}${href.includes("?") ? "&" : "?"}${q}`;
}

const CORS = { "access-control-allow-origin": "*", "access-control-expose-headers": "Link, Location, Resolver-Fallback" } as const;

export async function resolveDigitalLink(c: Context<AppEnv>): Promise<Response> {
  const url = new URL(c.req.url);
  const parsed = parseDigitalLink(c.req.path, url.searchParams);
  if (!parsed.ok) throw badRequest("gs1-malformed", { vi: "Đường dẫn GS1 Digital Link không hợp lệ", en: "Malformed GS1 Digital Link URI" }, parsed.message);
  const base = c.get("deps").config.publicBaseUrl;
  if (parsed.needsCanonicalRedirect) {
    // Permanent: the 14-digit form is the one name of the item, and a client may remember it.
    return c.body(null, 301, { location: `${base}${parsed.canonicalPath}${url.search}`, ...CORS });
  }
  const { links, fallback, defaultType } = await linksOf(c, parsed.link);
  const anchor = `${base}${parsed.canonicalPath}`;
  const rawType = url.searchParams.get("linkType");
  const context = url.searchParams.get("context");
  const accept = c.req.header("accept") ?? "";
  const headers: Record<string, string> = { link: linkHeader(`${anchor}?linkType=linkset`, links), vary: "accept, accept-language", ...CORS };
  if (fallback) headers["resolver-fallback"] = fallback;
  const languages = acceptedLanguages(c.req.header("accept-language"));
  const dType = context ? defaultTypeFor(CONTEXTS, context, links) : defaultType;
  // A client that asks for JSON and not for a page (an app, a shop's system; the resolver standard's JSON request)
  // gets the linkset too, as application/json; a browser, which always names text/html, is redirected.
  const wantsJson = /\bapplication\/json\b/.test(accept) && !accept.includes("text/html");
  const wantsLinkset = rawType === "all" || rawType === "linkset" || accept.includes("application/linkset+json") || wantsJson;
  if (wantsLinkset) {
    const dflt = chooseLink(links, dType, { languages: [] });
    const body = linksetOf(anchor, links, dflt, links.filter((l) => l.type === dType));
    const type = accept.includes("application/linkset+json") || !wantsJson ? "application/linkset+json" : "application/json";
    return c.body(JSON.stringify(body), 200, { ...headers, "content-type": type });
  }
  let linkType: string | null = null;
  if (rawType) {
    linkType = linkTypeName(rawType);
    if (!linkType) throw badRequest("gs1-link-type", { vi: "Loại liên kết không hợp lệ", en: "Invalid link type" }, { vi: `"${rawType}" không phải loại liên kết GS1 (gs1:… hoặc ${GS1_VOC}…).`, en: `"${rawType}" is not a GS1 link type (gs1:… or ${GS1_VOC}…).` });
  }
  const chosen = chooseLink(links, dType, { linkType, context, languages });
  if (!chosen) throw notFound({ vi: `liên kết loại ${curieOf(linkType!)} cho mã này`, en: `A ${curieOf(linkType!)} link for this identifier` });
  return c.body(null, 307, { ...headers, location: passedOn(url, chosen.href) });
}

/** OPTIONS on a Digital Link: CORS preflight and the methods (the standard asks for GET, HEAD and OPTIONS). */
export function digitalLinkOptions(c: Context<AppEnv>): Response {
  return c.body(null, 204, { allow: "GET, HEAD, OPTIONS", "access-control-allow-methods": "GET, HEAD, OPTIONS", "access-control-allow-headers": "Accept, Accept-Language", "access-control-max-age": "86400", ...CORS });
}

/** /.well-known/gs1resolver: the resolver description file the standard defines. */
export function resolverDescription(base: string) {
  return {
    name: "OCOP Hà Tĩnh — GS1 Digital Link resolver",
    resolverRoot: base,
    supportedPrimaryKeys: ["01"],
    supportedLinkType: [{ namespace: GS1_VOC, prefix: "gs1:", profile: "https://ref.gs1.org/voc/?show=linktypes" }],
    linkTypeDefaultCanBeLinkset: false,
    supportedContextValuesEnumerated: Object.keys(CONTEXTS.byContext),
    jsonLdContextLocation: "https://ref.gs1.org/standards/resolver/linkset-context",
    contact: { fn: "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh (OCOP)", hasURL: base },
  };
}
