import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certified } from "../certificates/support.js";
import { DEADLINES, ideaForm, ok } from "../cycle/support.js";
import { person, reformEval } from "../evaluation/support.js";
import type { TestApp } from "../support/harness.js";
import { createUser, grant } from "../support/fixtures.js";
import { type BrowserApp, closeBrowserApp, openBrowserApp } from "./browser.js";

/*
 * Issue 16, findings 3 and 9: the provincial office on a phone (390×844) and a desktop (1280×900), JavaScript
 * off: its home, the certificate list, the public register and the idea table fit the screen (nothing wider
 * than it), the folded menu leaves the page in view, and a filter works. Screenshots go to test-results/.
 */
describe("the office's pages in a real browser", () => {
  let t: TestApp;
  let server: BrowserApp["server"];
  let chrome: BrowserApp["chrome"];

  beforeAll(async () => {
    ({ t, server, chrome } = await openBrowserApp());
  });
  afterAll(() => closeBrowserApp({ t, server, chrome }));

  it("fits a phone and a desktop, with the menu folded and the certificate filters working", async () => {
    const w = await reformEval(t);
    for (const target of [80, 60, 65]) await certified(t, w, target);
    const cycle = await ok(w.office.api("POST", "/api/cycles", { year: 2026, chain: "commune-province", deadlines: DEADLINES }), 201);
    t.clock.set("2026-03-10T03:00:00Z");
    const member = await person(t, ["producer_member", w.producer]);
    for (const name of ["Mứt vỏ bưởi Phúc Trạch loại đặc biệt", "Tinh dầu vỏ bưởi Phúc Trạch", "Trà hoa bưởi"]) {
      const idea = await ok(member.api("POST", "/api/ideas", { cycleId: cycle.id, ...ideaForm({ name }) }), 201);
      await ok(member.api("POST", `/api/ideas/${idea.id}/actions`, { action: "submit" }));
    }
    t.clock.set("2026-07-01T03:00:00Z");
    const user = await createUser(t.database.db, { grants: [grant("province_office", w.province)], displayName: "Nguyễn Thị Văn Phòng" });

    const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, locale: "vi-VN" });
    const page = await context.newPage();
    await page.goto(server.url + "/login");
    await page.fill("input[name=username]", user.username);
    await page.fill("input[name=password]", user.password);
    await page.click("main button[type=submit]");
    await page.waitForURL(server.url + "/");

    const pages = [
      ["home", "/"],
      ["certificates", "/certificates"],
      ["registry", "/registry"],
      ["ideas", "/ideas?waiting=0"],
      ["audit", "/admin/audit"],
      // Issue 17: the dashboard's charts scale with their viewBox and its tables become cards.
      ["dashboard", "/dashboard"],
    ] as const;
    for (const [name, path] of pages) {
      for (const [size, viewport] of [["phone", { width: 390, height: 844 }], ["desktop", { width: 1280, height: 900 }]] as const) {
        await page.setViewportSize(viewport);
        await page.goto(server.url + path);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect({ path, size, width }).toEqual({ path, size, width: Math.min(width, viewport.width) });
        // The menu is folded: the page's title is in the first screen, under a short header.
        const h1Top = await page.locator("main h1").evaluate((el) => el.getBoundingClientRect().top);
        expect({ path, size, h1Top: h1Top < (size === "phone" ? 300 : 200) }).toEqual({ path, size, h1Top: true });
        // The audit log is long by nature: its first screen and one record's card.
        await page.screenshot({ path: `test-results/office-${name}-${size}.png`, fullPage: name !== "audit" });
        if (name === "audit") await page.locator("main tbody tr").nth(2).screenshot({ path: `test-results/office-audit-record-${size}.png` });
      }
    }

    // The list and a filter, at phone size: cards, badges, and the status filter narrowing the count.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url + "/certificates");
    const main = await page.locator("main").innerText();
    expect(main).toContain("3 giấy chứng nhận");
    expect(main).toContain("Còn hiệu lực");
    await page.selectOption("select[name=stars]", "4");
    await page.click("form[role=search] button[type=submit]");
    await page.waitForURL(/stars=4/);
    const filtered = await page.locator("main").innerText();
    const count = Number(/(\d+) giấy chứng nhận/.exec(filtered)![1]);
    expect(await page.locator("main .table-wrap tbody tr").count()).toBe(count);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(3);

    // A folded group opens without JavaScript.
    const records = page.locator("nav.menu details", { hasText: "Hồ sơ OCOP" });
    expect(await records.getAttribute("open")).toBeNull();
    await records.locator("summary").click();
    expect(await records.getAttribute("open")).not.toBeNull();
    await expect(records.locator("a[href='/ideas']").isVisible()).resolves.toBe(true);
    await page.screenshot({ path: "test-results/office-menu-open-phone.png" });
    await context.close();
  }, 240_000);
});
