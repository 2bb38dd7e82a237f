import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/harness.js";
import { createUser, grant } from "../support/fixtures.js";
import { M, plan, proposed, reformWorld, vn } from "../reporting/support.js";
import { type BrowserApp, closeBrowserApp, openBrowserApp } from "./browser.js";

/*
 * The monthly report's pages in a real browser, JavaScript off, at phone (390×844) and desktop (1280×900) size:
 * the commune officer's home, list and form, and the office's month and roll-up fit the screen (the wide roll-up
 * becomes one card per unit on a phone) with the title in the first screen; the officer files from the form.
 * Screenshots go to test-results/.
 */
describe("monthly report pages in a real browser", () => {
  let t: TestApp;
  let server: BrowserApp["server"];
  let chrome: BrowserApp["chrome"];

  beforeAll(async () => {
    ({ t, server, chrome } = await openBrowserApp());
  });
  afterAll(() => closeBrowserApp({ t, server, chrome }));

  it("fits a phone and a desktop, and files the report from the form", async () => {
    const db = t.database.db;
    const w = await reformWorld(db);
    t.clock.set(vn("2026-11-16 09:00"));
    await plan(db, w, w.n1, w.cycle2026, vn("2026-10-10 10:00"), { own: M(1500), loans: M(500), other: M(12), support: M(250) });
    await proposed(db, w, w.n2, vn("2026-10-11 10:00"));
    const officer = await createUser(db, { grants: [grant("commune_officer", w.n1)], displayName: "Cán bộ xã thử" });
    const office = await createUser(db, { grants: [grant("province_office", w.province)], displayName: "Văn phòng thử" });

    const signIn = async (u: { username: string; password: string }) => {
      const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, locale: "vi-VN" });
      const page = await context.newPage();
      await page.goto(server.url + "/login");
      await page.fill("input[name=username]", u.username);
      await page.fill("input[name=password]", u.password);
      await page.click("main button[type=submit]");
      await page.waitForURL(server.url + "/");
      return { context, page };
    };
    const check = async (page: Awaited<ReturnType<typeof signIn>>["page"], name: string, path: string) => {
      for (const [size, viewport] of [["phone", { width: 390, height: 844 }], ["desktop", { width: 1280, height: 900 }]] as const) {
        await page.setViewportSize(viewport);
        await page.goto(server.url + path);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect({ path, size, width }).toEqual({ path, size, width: Math.min(width, viewport.width) });
        const h1Top = await page.locator("main h1").evaluate((el) => el.getBoundingClientRect().top);
        expect({ path, size, h1Top: h1Top < (size === "phone" ? 300 : 200) }).toEqual({ path, size, h1Top: true });
        await page.screenshot({ path: `test-results/monthly-${name}-${size}.png`, fullPage: true });
      }
    };

    const a = await signIn(officer);
    const report = `/monthly-reports/units/${w.n1.id}/2026-10`;
    await check(a.page, "home", "/");
    expect(await a.page.locator("main").innerText()).toContain("hạn 20/11/2026");
    await check(a.page, "list", `/monthly-reports/units/${w.n1.id}`);
    await check(a.page, "form", report);
    await a.page.setViewportSize({ width: 390, height: 844 });
    await a.page.goto(server.url + report);
    await a.page.fill("input[name=number]", "12/BC-UBND");
    await a.page.fill("textarea[name=results]", "Đã chấp thuận 1 phương án sản xuất kinh doanh.");
    await a.page.click("button[value=file]");
    await a.page.waitForURL(/done=filed/);
    const filed = await a.page.locator("main").innerText();
    expect(filed).toContain("Đã nộp đúng hạn");
    expect(filed).toContain("2.262");
    await a.context.close();

    const b = await signIn(office);
    await check(b.page, "overview", "/monthly-reports/overview?month=2026-10");
    await check(b.page, "rollup", "/monthly-reports/rollup?month=2026-10");
    expect(await b.page.locator("main").innerText()).toContain("Có 1 đơn vị đề xuất đánh giá, phân hạng với 1 sản phẩm");
    await b.context.close();
  }, 240_000);
});
