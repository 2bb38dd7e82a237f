import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { setCookie } from "hono/cookie";
import { safeBackPath } from "../lib/safe-path.js";
import { createRouter } from "../http/router.js";

const PUBLIC_DIR = join(import.meta.dirname, "../../public");
const ONE_YEAR = 365 * 24 * 60 * 60;

/**
 * Node serves `public/` itself; the Worker serves the same folder through Cloudflare's static assets and does
 * not mount these routes. Pages link assets through `assetUrl`, whose `?v=` content hash makes the year-long
 * `immutable` cache safe; an unversioned request is cached for a day only.
 */
const publicFiles = serveStatic({ root: PUBLIC_DIR, rewriteRequestPath: (path) => path.slice("/static".length) });
// Browsers ask for /favicon.ico whatever the page links; answer with the same small SVG.
const favicon = serveStatic({ path: join(PUBLIC_DIR, "favicon.svg") });

export const staticRoutes = createRouter()
  .use("/static/*", async (c, next) => {
    // Set on the file's response only: a header set on the context would leak into the 404 that follows a miss.
    const res = await publicFiles(c, next);
    if (res instanceof Response) res.headers.set("cache-control", c.req.query("v") ? `public, max-age=${ONE_YEAR}, immutable` : "public, max-age=86400");
    return res;
  })
  .get("/favicon.ico", async (c, next) => {
    const res = await favicon(c, next);
    if (res instanceof Response) res.headers.set("cache-control", "public, max-age=86400");
    return res;
  })
  .get("/lang/:locale{vi|en}", (c) => {
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
