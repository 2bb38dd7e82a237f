import type { Context } from "hono";
import type { AppEnv } from "./env.js";

/*
 * The public hot paths' responses (the scan page), built as @hono/node-server likes them best: the body as
 * bytes and every header in one plain object, the security headers and the request id included, computed once
 * per app. @hono/node-server then writes the head straight from the object. The usual way (c.header before the
 * handler, Hono's Headers) costs a Headers validation per header per request: with twelve headers that was a
 * good part of what the app added over a bare Hono (issue 14). The base middleware leaves these responses as
 * they are; any other response on these paths (an error, a 429) gets its headers after the fact.
 *
 * Hot-path code reads the context with c.get("x"), not c.var.x: Hono's `var` copies every variable into a new
 * object on each access (Object.fromEntries), which was 8% of the scan page's time.
 */

const plain = new WeakSet<Response>();

export function plainResponse(c: Context<AppEnv>, body: string | Uint8Array, status: number, headers: Record<string, string>): Response {
  const res = new Response(body as BodyInit, { status, headers: Object.assign({}, c.get("baseHeaders"), headers) });
  plain.add(res);
  return res;
}

/** Whether this response already carries the base headers (made by plainResponse). */
export const isPlainResponse = (res: Response): boolean => plain.has(res);
