import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/harness.js";
import { createUnitTree, createUser, grant } from "../support/fixtures.js";
import { type BrowserApp, closeBrowserApp, openBrowserApp } from "./browser.js";

// A commune officer signs in on a phone-sized screen with JavaScript off, as on a cheap phone, and lands on
// the home page of their role; then switches to English and signs out.
describe("sign-in in a real browser", () => {
  let t: TestApp;
  let server: BrowserApp["server"];
  let chrome: BrowserApp["chrome"];

  beforeAll(async () => {
    // Served over plain http on loopback, so the cookie cannot be Secure here.
    ({ t, server, chrome } = await openBrowserApp());
  });
  afterAll(() => closeBrowserApp({ t, server, chrome }));

  it("signs in without JavaScript, shows the role home, switches language and signs out", async () => {
    const tree = await createUnitTree(t.database.db);
    const user = await createUser(t.database.db, { grants: [grant("commune_officer", tree.communes[0][0])] });
    const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const page = await context.newPage();

    await page.goto(server.url + "/login");
    expect(await page.locator("html").getAttribute("lang")).toBe("vi");
    await page.fill("input[name=username]", user.username);
    await page.fill("input[name=password]", "wrong password here");
    await page.click("button[type=submit]:not(header button)");
    expect(await page.locator("main").innerText()).toMatch(/không đúng|không hợp lệ/i);

    await page.fill("input[name=password]", user.password);
    await page.click("main button[type=submit]");
    await page.waitForURL(server.url + "/");
    const main = await page.locator("main").innerText();
    expect(main).toContain("Cán bộ UBND cấp xã");
    expect(main).toContain(tree.communes[0][0].name);
    await page.screenshot({ path: "test-results/home-phone.png", fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: "test-results/home-desktop.png", fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });

    await page.click("a[hreflang=en]");
    await page.waitForLoadState();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");

    await page.click("header form button[type=submit]");
    await page.waitForURL(/\/login/);
    const afterSignOut = await context.request.get(server.url + "/api/auth/me");
    expect(afterSignOut.status()).toBe(401);
    await context.close();
  });
});
