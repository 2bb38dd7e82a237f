import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { sql } from "drizzle-orm";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoIfEmpty } from "../../scripts/seed-demo.js";
import { createLogger } from "../../src/lib/logger.js";
import { fileComplaint } from "../../src/modules/complaints/services/complaints.js";
import type { TestApp } from "../support/harness.js";
import { type BrowserApp, closeBrowserApp, openBrowserApp } from "./browser.js";
import { englishWords, internalIds, overflow } from "./page-checks.js";

/*
 * Issue 16's acceptance walk: every demo account signs in (JavaScript off, Vietnamese), and its home, every menu
 * link and every task its home lists are opened on a phone (390×844) and a desktop (1280×900). Each page must
 * answer 200, fit the screen, carry no English words and no internal identifiers in what a person reads. The
 * pages come from the site's own links, so a page added to the menu (src/web/nav.ts) is walked without touching
 * this test. Screenshots of every page go to test-results/roles/ (git-ignored).
 */

const SIZES = [
  ["phone", { width: 390, height: 844 }],
  ["desktop", { width: 1280, height: 900 }],
] as const;

// Downloads, JSON, the API's own reference (English by design, for developers) and the public scan paths
// (walked by their own tests) are not working pages.
const NOT_A_PAGE = /^\/(api|s|01|lang|logout|\.well-known)(\/|$)|\.(csv|pdf|json|jwt|xlsx|png|svg|txt)(\?|$)/;
const MAX_PAGES = 30;

async function signIn(context: BrowserContext, base: string, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(base + "/login");
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", DEMO_PASSWORD);
  await page.click("main button[type=submit]");
  await page.waitForURL(base + "/");
  return page;
}

/** The home, then the menu's links and the home's task links, in the order shown, each once. */
async function pagesOf(page: Page, base: string): Promise<string[]> {
  const hrefs = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLAnchorElement>("nav.menu a[href], main a[href]")).map((a) => a.getAttribute("href") ?? ""),
  );
  const local = hrefs.map((h) => (h.startsWith(base) ? h.slice(base.length) : h)).filter((h) => h.startsWith("/") && !h.startsWith("//") && !NOT_A_PAGE.test(h));
  return [...new Set(["/", ...local.map((h) => h.split("#")[0]!)])].slice(0, MAX_PAGES);
}

describe("every demo role's pages in a real browser", () => {
  let t: TestApp;
  let server: BrowserApp["server"];
  let chrome: BrowserApp["chrome"];
  let usernames: string[] = [];
  // Pages no menu or list links to, reached from a notice, a private link or a dossier's round (issue 18): the
  // upgrade's round dossier with its changes, the complainant's private link, the product's public page.
  const extra: Record<string, string[]> = {};

  beforeAll(async () => {
    ({ t, server, chrome } = await openBrowserApp());
    const now = new Date("2026-11-23T02:00:00Z");
    t.clock.set(now);
    await seedDemoIfEmpty(t.database.db, { logger: createLogger("silent"), now, stamps: { publicBaseUrl: server.url, stampKey: t.deps.config.secrets.stampKey } });
    // Every username on the site (the demo's former district offices too): what people type to sign in.
    const rows = await t.database.db.execute(sql`select username from users`);
    const one = async <T,>(q: ReturnType<typeof sql>) => {
      const r = await t.database.db.execute(q);
      return (Array.isArray(r) ? r : (r as unknown as { rows: T[] }).rows)[0] as T | undefined;
    };
    const upgrade = await one<{ round_id: number; id: number }>(sql`select rd.round_id, rd.id from round_dossiers rd join dossiers d on d.id = rd.dossier_id where d.kind = 'upgrade' order by rd.id desc limit 1`);
    const pomelo = await one<{ product_id: number; certificate_id: number }>(sql`select l.product_id, c.id as certificate_id from product_shop_links l join certificates c on c.product_id = l.product_id order by c.id limit 1`);
    expect(upgrade && pomelo, "the demo holds an upgrade in a round and a product with shop links").toBeTruthy();
    const filed = await fileComplaint({ db: t.database.db, now, requestId: "walk", input: { certificateId: pomelo!.certificate_id, topic: "quality", what: "Chai tinh dầu bị rò rỉ (thử)", place: "Chợ Hà Tĩnh", contact: undefined }, photo: null });
    const roundDossier = `/rounds/${upgrade!.round_id}/dossiers/${upgrade!.id}`;
    extra["vanphong.tinh"] = [roundDossier, `/p/${pomelo!.product_id}`, `/complaints/track/${filed.token}`];
    extra["htx.buoiphuctrach"] = [`/p/${pomelo!.product_id}`, `/products/${pomelo!.product_id}`];
    usernames = (Array.isArray(rows) ? rows : (rows as unknown as { rows: { username: string }[] }).rows).map((r) => (r as { username: string }).username).sort((a, b) => b.length - a.length);
  }, 180_000);
  afterAll(() => closeBrowserApp({ t, server, chrome }));

  const accounts = ["admin", ...DEMO_ACCOUNTS.map((a) => a.username)];
  it.each(accounts)("%s: home and every linked page fit both screens, in Vietnamese, without internal ids", async (username) => {
    const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport: SIZES[0][1], locale: "vi-VN" });
    try {
      const page = await signIn(context, server.url, username);
      const paths = [...new Set([...(await pagesOf(page, server.url)), ...(extra[username] ?? [])])];
      expect(paths.length, `${username} has pages to open`).toBeGreaterThan(1);
      const problems: string[] = [];
      // A list's first record is a main page too (a certificate, an idea, a batch): walked after the lists.
      const queue = [...paths];
      const from = new Map<string, string>();
      for (let i = 0; i < queue.length && i < MAX_PAGES * 2; i++) {
        const path = queue[i]!;
        for (const [size, viewport] of SIZES) {
          await page.setViewportSize(viewport);
          const res = await page.goto(server.url + path);
          if (res?.status() !== 200) {
            problems.push(`${path} ${size}: HTTP ${res?.status()}${from.has(path) ? ` (linked from ${from.get(path)})` : ""}`);
            continue;
          }
          const wider = await overflow(page);
          if (wider > 0) problems.push(`${path} ${size}: ${wider}px wider than the screen`);
          // Language and identifiers do not depend on the screen: checked once.
          if (size === "phone") {
            const english = await englishWords(page, usernames);
            if (english.length) problems.push(`${path}: English words ${english.join(", ")}`);
            const ids = await internalIds(page, usernames);
            if (ids.length) problems.push(`${path}: internal ids ${ids.join(", ")}`);
          }
          if (size === "phone" && i < paths.length) {
            const first = (await page.evaluate(() => document.querySelector<HTMLAnchorElement>("main tbody a[href^='/'], main .cards a[href^='/']")?.getAttribute("href") ?? null))?.split("#")[0];
            if (first && !NOT_A_PAGE.test(first) && !queue.includes(first)) {
              queue.push(first);
              from.set(first, path);
            }
          }
          const slug = path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home";
          await page.screenshot({ path: `test-results/roles/${username}-${slug}-${size}.png`, fullPage: true });
        }
      }
      expect(problems, `${username}'s pages`).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
