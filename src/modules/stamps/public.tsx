import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { clientAddress } from "../../auth/middleware.js";
import type { Locale } from "../../lib/i18n.js";
import { wantsJson } from "../../lib/negotiate.js";
import { scanJson, scanPageBytes } from "./views/scan.js";
import { stampRuntime, type StampRuntime } from "./runtime/stamp-runtime.js";

/*
 * GET /s/{code}: the public scan. The page and its JSON (Accept: application/json on the same URL) carry the
 * same facts. Every GET is a scan and is recorded; HEAD and link previews are not. Nothing is cached by a
 * shared cache, since every scan must reach the server to be counted.
 */

export const runtimeOf = (c: Context<AppEnv>): StampRuntime => stampRuntime(c.var.deps);


/** Coarse place from the edge proxy's headers (country, region), believed only behind a trusted proxy. */
function placeOf(c: Context<AppEnv>): { country: string | null; region: string | null } {
  if (!c.var.deps.config.trustProxy) return { country: null, region: null };
  const clean = (v: string | undefined) => (v && /^[\p{L}\p{N} .'-]{1,60}$/u.test(v) ? v : null);
  return { country: clean(c.req.header("cf-ipcountry")), region: clean(c.req.header("cf-region")) };
}

const rendered = new Map<string, Uint8Array>();

export const scanRoutes = new Hono<AppEnv>()
  // The benchmark's yardstick (BENCH_ROUTES=true only): the same page, rendered once, served from memory.
  .get("/__bench/memory/:code", async (c) => {
    if (!c.var.deps.config.benchRoutes) return c.notFound();
    const code = c.req.param("code");
    let html = rendered.get(code);
    if (!html) {
      html = scanPageBytes(await runtimeOf(c).scans.peek(code, c.var.deps.now()), c.var.locale, `/s/${code}`);
      rendered.set(code, html);
    }
    c.header("cache-control", "no-store");
    return c.body(html as Uint8Array<ArrayBuffer>, 200, { "content-type": "text/html; charset=UTF-8" });
  })
  .get("/s/:code", async (c) => {
  const code = c.req.param("code");
  const rt = runtimeOf(c);
  const now = c.var.deps.now();
  const isHead = c.req.method === "HEAD";
  const who = `${clientAddress(c)}|${c.req.header("user-agent") ?? ""}`;
  const result = isHead ? await rt.scans.peek(code, now) : await rt.scans.scan(code, now, who, placeOf(c));
  const L: Locale = c.var.locale;
  const status = result.verdict === "unknown" ? 404 : 200;
  c.header("cache-control", "no-store");
  c.header("vary", "accept");
  c.header("x-robots-tag", "noindex");
  if (wantsJson(c.req.header("accept"))) return c.json(scanJson(result, L), status);
  return c.body(scanPageBytes(result, L, `/s/${encodeURIComponent(code)}`) as Uint8Array<ArrayBuffer>, status, { "content-type": "text/html; charset=UTF-8" });
});
