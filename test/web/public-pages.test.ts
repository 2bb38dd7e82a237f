import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeBackPath } from "../../src/lib/safe-path.js";
import { createTestApp, type TestApp } from "../support/harness.js";

describe("public pages, language switch and static files", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe("GET /", () => {
    it("shows anonymous visitors a Vietnamese landing page linking only to pages that exist", async () => {
      const res = await t.app.request("/");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toMatch(/^<!doctype html><html lang="vi">/);
      expect(html).toContain("Mỗi xã một sản phẩm");
      expect(html).toContain('href="/login"');
      const links = new Set([...html.matchAll(/href="([^"#?]+)/g)].map((m) => m[1]));
      expect([...links].sort()).toEqual(["/", "/api/docs", "/lang/en", "/login", "/open-data/", "/registry", "/registry/status", "/static/favicon.svg", "/static/styles.css", "/units"]);
    });

    it("speaks English when the cookie or the browser asks for it", async () => {
      expect(await (await t.app.request("/", { headers: { cookie: "lang=en" } })).text()).toContain('<html lang="en">');
      expect(await (await t.app.request("/", { headers: { "accept-language": "en-GB,en;q=0.8" } })).text()).toContain("One Commune One Product");
    });

    it("stays Vietnamese for a browser whose language is English until the visitor switches", async () => {
      const browser = { accept: "text/html,application/xhtml+xml,*/*;q=0.8", "accept-language": "en-US,en;q=0.9" };
      expect(await (await t.app.request("/", { headers: browser })).text()).toContain('<html lang="vi">');
      expect(await (await t.app.request("/", { headers: { ...browser, cookie: "lang=en" } })).text()).toContain('<html lang="en">');
    });
  });

  describe("GET /lang/{locale}", () => {
    it("sets a year-long Lax cookie and returns to the page it came from", async () => {
      const res = await t.app.request("/lang/en?back=%2Fadmin%2Faudit%3Faction%3Dx%26lang%3Dvi");
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/admin/audit?action=x");
      const cookie = res.headers.get("set-cookie")!;
      expect(cookie).toMatch(/^lang=en;/);
      expect(cookie).toMatch(/Max-Age=31536000/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Secure/);
    });

    it("refuses to redirect off the site", async () => {
      for (const back of ["//evil.com", "/\\evil.com", "https://evil.com/", "evil.com", "/\t/evil.com", "javascript:alert(1)", "%2F%2Fevil.com", ""]) {
        const res = await t.app.request(`/lang/vi?back=${encodeURIComponent(back)}`);
        expect(res.status, back).toBe(303);
        expect(res.headers.get("location"), back).toBe("/");
      }
      expect((await t.app.request("/lang/vi")).headers.get("location")).toBe("/");
    });

    it("knows only Vietnamese and English", async () => {
      expect((await t.app.request("/lang/fr?back=/")).status).toBe(404);
    });

    it("keeps relative paths with their query and fragment", () => {
      expect(safeBackPath("/units?q=Cẩm%20Xuyên#list")).toBe("/units?q=C%E1%BA%A9m%20Xuy%C3%AAn#list");
      expect(safeBackPath("/a/../b")).toBe("/b");
      expect(safeBackPath("/ok")).toBe("/ok");
    });
  });

  describe("static files", () => {
    it("serves the stylesheet as CSS, cached for a year when the URL carries its version", async () => {
      const html = await (await t.app.request("/")).text();
      const href = html.match(/href="(\/static\/styles\.css\?v=[0-9a-f]{12})"/)?.[1];
      expect(href).toBeDefined();
      const res = await t.app.request(href!);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/css/);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const css = await res.text();
      // One small stylesheet for every page, phone networks included: 12 KB (about 3 KB compressed) now that it
      // holds the list kit, the grouped menu, the reflowing tables and the score sheet (issue 16), 8 KB before.
      expect(css.length).toBeLessThan(12 * 1024);
      expect(css).not.toMatch(/@import|@font-face|url\(/);
    });

    it("caches an unversioned URL for a day only", async () => {
      const res = await t.app.request("/static/styles.css");
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=86400");
    });

    it("answers a missing file or a path escape with the usual 404", async () => {
      for (const path of ["/static/nope.css", "/static/../package.json", "/static/%2e%2e/package.json"]) {
        const res = await t.app.request(path);
        expect(res.status, path).toBe(404);
        expect(res.headers.get("content-type")).toMatch(/problem\+json/);
      }
    });

    it("answers /favicon.ico so browsers log no 404", async () => {
      const res = await t.app.request("/favicon.ico");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    });
  });
});
