import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";

/*
 * The webhook POST. node:http(s) rather than fetch, because it takes a `lookup`: the socket connects to the
 * address the SSRF check approved while the URL keeps its name, so the Host header and TLS SNI (and the
 * certificate check) are those of the name. No second DNS answer is ever asked for or used.
 */

export type PostRequest = { url: URL; address: string | null; headers: Record<string, string>; body: string; timeoutMs: number };
export type PostResult = { status: number };
/** Sends one POST and resolves with the status (the body is discarded); rejects on network errors and timeouts. */
export type Transport = (req: PostRequest) => Promise<PostResult>;

/** A lookup that answers every name with the one checked address (both callback shapes net may ask for). */
export function pinnedLookup(address: string): LookupFunction {
  const family = isIP(address);
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
}

export const nodeTransport: Transport = ({ url, address, headers, body, timeoutMs }) =>
  new Promise((resolve, reject) => {
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(url, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      signal: AbortSignal.timeout(timeoutMs),
      // A fresh connection each time: a pooled keep-alive socket is keyed by name, and could still lead to an
      // address an earlier check approved for that name but this one would not.
      agent: false,
      // Redirects are never followed: node:http does not follow them, and the status is reported as it is.
      ...(address ? { lookup: pinnedLookup(address) } : {}),
    });
    req.on("response", (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on("error", reject);
    req.end(body);
  });
