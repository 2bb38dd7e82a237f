import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { clientAddress } from "../../auth/middleware.js";
import { scannerOf } from "../../domain/scan-verdict.js";
import type { Locale } from "../../lib/i18n.js";
import { wantsJson } from "../../lib/negotiate.js";
import { notFound, tooManyRequests } from "../../lib/problem.js";
import { limitRequest } from "../../http/rate-limits.js";
import { plainResponse } from "../../http/plain-response.js";
import { idParam, publicFrame } from "../../web/page.js";
import { digitalLinkOptions, resolveDigitalLink, resolverDescription, unknownLevel } from "./services/gs1-resolver.js";
import { loadProductPage } from "./queries/product-page.js";
import { runtimeOf } from "./runtime/stamp-runtime.js";
import { productPage } from "./views/product.js";
import { scanJson, scanPageBytes } from "./views/scan.js";

/*
 * The stamps area's public URLs, mounted before the session middleware: they show the same to everyone, set no
 * cookie and so spare the session lookup (the scan page is the public hot path).
 */

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
  // The GS1 resolver (gs1-resolver.ts).
  .get("/.well-known/gs1resolver", (c) => c.json(resolverDescription(c.get("deps").config.publicBaseUrl), 200, { "access-control-allow-origin": "*" }))
  .get("/01/*", resolveDigitalLink)
  .options("/01/*", digitalLinkOptions)
  .get("/p/:id{[0-9]+}", async (c) => {
    const found = await loadProductPage(c.get("deps").database.db, idParam(c, "id", { vi: "sản phẩm OCOP", en: "The OCOP product" }), c.req.query("lot"), c.get("deps").now());
    if (!found) throw notFound({ vi: "sản phẩm OCOP", en: "The OCOP product" });
    return c.html(productPage({ ...publicFrame(c), page: found, unknown: unknownLevel(c.req.query("unknown")) }), 200);
  });
