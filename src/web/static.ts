import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { setCookie } from "hono/cookie";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/env.js";
import { safeBackPath } from "../lib/safe-path.js";
import { createRouter } from "../http/router.js";

const ONE_YEAR = 365 * 24 * 60 * 60;

/**
 * Node serves `public/` itself; the Worker serves the same folder through Cloudflare's static assets and does
 * not mount these routes. Pages link assets through `assetUrl`, whose `?v=` content hash makes the year-long
 * `immutable` cache safe; an unversioned request is cached for a day only.
 */
// Resolved on first use, not at load: where this module is bundled into the Worker, import.meta.dirname is
// undefined and a module-level join would throw before the first request.
let files: { publicFiles: MiddlewareHandler<AppEnv>; favicon: MiddlewareHandler<AppEnv> } | undefined;
function servers() {
  if (!files) {
    const publicDir = join(import.meta.dirname, "../../public");
    files = {
      publicFiles: serveStatic<AppEnv>({ root: publicDir, rewriteRequestPath: (path) => path.slice("/static".length) }),
      // Browsers ask for /favicon.ico whatever the page links; answer with the same small SVG.
      favicon: serveStatic<AppEnv>({ path: join(publicDir, "favicon.svg") }),
    };
  }
  return files;
}

/** The language switch: sets the cookie and goes back. Both runtimes mount it. */
export const langRoutes = createRouter().get("/lang/:locale{vi|en}", (c) => {
  const locale = c.req.param("locale");
  setCookie(c, "lang", locale, {
    path: "/",
    maxAge: ONE_YEAR,
    sameSite: "Lax",
    secure: c.var.deps.config.cookieSecure,
    httpOnly: true,
  });
  return c.redirect(safeBackPath(c.req.query("back")), 303);
});

export const staticRoutes = createRouter()
  .use("/static/*", async (c, next) => {
    // Set on the file's response only: a header set on the context would leak into the 404 that follows a miss.
    const res = await servers().publicFiles(c, next);
    if (res instanceof Response) res.headers.set("cache-control", c.req.query("v") ? `public, max-age=${ONE_YEAR}, immutable` : "public, max-age=86400");
    return res;
  })
  .get("/favicon.ico", async (c, next) => {
    const res = await servers().favicon(c, next);
    if (res instanceof Response) res.headers.set("cache-control", "public, max-age=86400");
    return res;
  })
  .route("/", langRoutes);
