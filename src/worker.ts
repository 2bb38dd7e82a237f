import { AsyncLocalStorage } from "node:async_hooks";
import { loadConfig } from "./config.js";
import { openPostgres } from "./db/postgres.js";
import { requestScopedDatabase } from "./db/request-scoped.js";
import type { Database } from "./db/client.js";
import type { Deps } from "./http/env.js";
import { createLogger } from "./lib/logger.js";
import { createPublicApp } from "./app.js";
import { edgeStampRuntime, provideStampRuntime } from "./modules/stamps/index.js";

type Env = {
  HYPERDRIVE: { connectionString: string };
  /** Workers static assets ([assets] in wrangler.toml): the files of public/. */
  ASSETS?: { fetch(request: Request): Promise<Response> };
  /** The Node server, for what the edge does not answer (PDFs, forms, staff pages). */
  ORIGIN_URL?: string;
  /** How long an isolate keeps a stamp's view, in ms (default 15 000): the bound on a void's or revocation's delay. */
  EDGE_VIEW_TTL_MS?: string;
  [key: string]: unknown;
};

type ExecutionContext = { waitUntil(p: Promise<unknown>): void };

/** What belongs to one request: its own connection (through Hyperdrive) and the work left after its response. */
type Scope = { database: Database; after: Promise<unknown>[] };

const scope = new AsyncLocalStorage<Scope>();
const currentScope = (): Scope => {
  const s = scope.getStore();
  if (!s) throw new Error("database used outside a request");
  return s;
};

type Isolate = { app: ReturnType<typeof createPublicApp>; signature: string };
let isolate: Isolate | undefined;

/**
 * One app per isolate, with one stamp view cache (a short TTL, see modules/stamps/runtime/edge-runtime.ts) and a
 * database that is the current request's. Made on the first request, when the environment is known; made
 * again only if the environment changed (never in production; `wrangler dev` may reload it).
 */
function isolateFor(env: Env): Isolate {
  const strings = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const signature = JSON.stringify(strings);
  if (isolate?.signature === signature) return isolate;
  if (!strings["STAMP_KEY"] || !strings["SESSION_SECRET"]) {
    // Secrets come only from the environment: loadConfig would otherwise write a secrets file to DATA_DIR.
    throw new Error("STAMP_KEY and SESSION_SECRET must be set (wrangler secret put, or .dev.vars locally)");
  }
  // Behind Cloudflare the client's address and country are the edge's own headers (set in fetch below).
  // The edge writes no audit record and signs no credential (it serves the stored ones), so it holds neither key.
  const config = loadConfig({ TRUST_PROXY: "true", ...strings, DATABASE_URL: "", DEMO_SEED: "off" }, { auditKey: false, credentialKey: false });
  const database = requestScopedDatabase(() => currentScope().database);
  const deps: Deps = { config, database, logger: createLogger(config.logLevel, { runtime: "worker" }, (line) => console.log(line)), now: () => new Date() };
  const ttl = strings["EDGE_VIEW_TTL_MS"] ? Number(strings["EDGE_VIEW_TTL_MS"]) : NaN;
  provideStampRuntime(deps, edgeStampRuntime(deps, { viewTtlMs: Number.isFinite(ttl) && ttl >= 0 ? ttl : undefined, dbOf: () => currentScope().database.db, defer: (work) => currentScope().after.push(work) }));
  isolate = { app: createPublicApp(deps, { originUrl: strings["ORIGIN_URL"] }), signature };
  return isolate;
}

const ONE_YEAR = 365 * 24 * 60 * 60;

/** /static/<file> and /favicon.ico from Workers static assets (public/ is served at its root there). */
async function asset(request: Request, env: Env, url: URL): Promise<Response | null> {
  if (!env.ASSETS) return null;
  const file = url.pathname === "/favicon.ico" ? "/favicon.svg" : url.pathname.startsWith("/static/") ? url.pathname.slice("/static".length) : null;
  if (!file) return null;
  const found = await env.ASSETS.fetch(new Request(new URL(file, url), { method: request.method, headers: request.headers }));
  if (found.status === 404) return null;
  const res = new Response(found.body, found);
  // The same policy as the Node server's static routes (src/web/static.ts).
  if (res.ok) res.headers.set("cache-control", url.searchParams.has("v") ? `public, max-age=${ONE_YEAR}, immutable` : "public, max-age=86400");
  return res;
}

/** The request as the app should see it: the client's address and region from Cloudflare, not from the client. */
function fromEdge(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.delete("x-forwarded-for");
  headers.delete("cf-region");
  const ip = request.headers.get("cf-connecting-ip");
  if (ip) headers.set("x-forwarded-for", ip);
  const region = (request as Request & { cf?: { region?: unknown } }).cf?.region;
  if (typeof region === "string" && region) headers.set("cf-region", region);
  return new Request(request, { headers });
}

/**
 * The edge entry: the public read paths (createPublicApp) against the same PostgreSQL as the Node origin,
 * through Hyperdrive. A Worker may not use a connection across requests, so each request opens its own small
 * postgres.js client (Hyperdrive pools the real connections) and closes it once the response is sent and the
 * scan rows written after it are in.
 */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === "GET" || request.method === "HEAD") {
      const file = await asset(request, env, url);
      if (file) return file;
    }
    const { app } = isolateFor(env);
    const s: Scope = { database: openPostgres(env.HYPERDRIVE.connectionString, 1), after: [] };
    try {
      return await scope.run(s, () => app.fetch(fromEdge(request)));
    } finally {
      // Everything deferred was queued while the handler ran; the connection closes after the last of it.
      ctx.waitUntil(Promise.allSettled(s.after).then(() => s.database.close()));
    }
  },
};
