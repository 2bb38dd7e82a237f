import type { Context, MiddlewareHandler } from "hono";
import { isPlainResponse } from "../http/plain-response.js";

/*
 * The security headers every response carries (the set hono's secureHeaders sends, with our CSP), set BEFORE
 * the handler runs: Hono then writes them into the response it builds, and @hono/node-server sends that
 * response on its fast path. Headers added after `next()` make Hono copy the response into a new one whose body
 * @hono/node-server must read back as a stream, which cut a page's throughput by 3-10× here (DESIGN.md's
 * scan-page bar depends on it). A handler that returns its own Response (files, problem+json) gets them
 * after the fact, on the slow path, which those responses can afford.
 *
 * The public hot paths (`plain`: the scan page) skip even that: their handlers answer with plainResponse, which
 * carries these headers from one object made here once (`object`), and only their errors get them afterwards.
 */
export function securityHeaders(opts: { csp: string; hsts: boolean; plain?: (c: Context) => boolean }): { middleware: MiddlewareHandler; object: Record<string, string> } {
  const headers: [string, string][] = [
    ["content-security-policy", opts.csp],
    ["cross-origin-opener-policy", "same-origin"],
    ["cross-origin-resource-policy", "same-origin"],
    ["origin-agent-cluster", "?1"],
    ["referrer-policy", "same-origin"],
    ["x-content-type-options", "nosniff"],
    ["x-dns-prefetch-control", "off"],
    ["x-download-options", "noopen"],
    ["x-frame-options", "SAMEORIGIN"],
    ["x-permitted-cross-domain-policies", "none"],
    ["x-xss-protection", "0"],
    ...(opts.hsts ? ([["strict-transport-security", "max-age=31536000; includeSubDomains"]] as [string, string][]) : []),
  ];
  const after = (c: Context) => {
    if (!c.res.headers.has("x-content-type-options")) for (const [k, v] of headers) if (!c.res.headers.has(k)) c.res.headers.set(k, v);
  };
  const middleware: MiddlewareHandler = async (c, next) => {
    if (opts.plain?.(c)) {
      await next();
      if (!isPlainResponse(c.res)) after(c);
      return;
    }
    for (const [k, v] of headers) c.header(k, v);
    await next();
    after(c);
  };
  return { middleware, object: Object.fromEntries(headers) };
}

export const cspOf = (d: Record<string, string[]>) =>
  Object.entries(d)
    .map(([k, v]) => `${k.replace(/[A-Z]/g, (m) => "-" + m.toLowerCase())} ${v.join(" ")}`)
    .join("; ");
