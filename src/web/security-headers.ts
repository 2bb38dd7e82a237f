import type { MiddlewareHandler } from "hono";

/*
 * The security headers every response carries (the set hono's secureHeaders sends, with our CSP), set BEFORE
 * the handler runs: Hono then writes them into the response it builds, and @hono/node-server sends that
 * response on its fast path. Headers added after `next()` make Hono copy the response into a new one whose body
 * @hono/node-server must read back as a stream, which cut a page's throughput by 3-10× here (DESIGN.md's
 * scan-page bar depends on it). A handler that returns its own Response (files, problem+json) gets them
 * after the fact, on the slow path, which those responses can afford.
 */
export function securityHeaders(opts: { csp: string; hsts: boolean }): MiddlewareHandler {
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
  return async (c, next) => {
    for (const [k, v] of headers) c.header(k, v);
    await next();
    if (!c.res.headers.has("x-content-type-options")) for (const [k, v] of headers) if (!c.res.headers.has(k)) c.res.headers.set(k, v);
  };
}

export const cspOf = (d: Record<string, string[]>) =>
  Object.entries(d)
    .map(([k, v]) => `${k.replace(/[A-Z]/g, (m) => "-" + m.toLowerCase())} ${v.join(" ")}`)
    .join("; ");
