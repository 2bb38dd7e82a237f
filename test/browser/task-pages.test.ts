import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { createUser, grant } from "../support/fixtures.js";
import type { TestApp } from "../support/harness.js";
import { report, task, taskWorld, pdf } from "../tasks/support.js";
import { type BrowserApp, closeBrowserApp, openBrowserApp } from "./browser.js";

/*
 * Issue 17's pages in a real browser, JavaScript off, on a phone (390×844) and a desktop (1280×900): the office's
 * task list with an overdue task, the form, a task's page with its history, the agencies; and the agency's own
 * task page with its report form. Nothing is wider than the screen, the title is in the first screen.
 */
describe("the tasks pages in a real browser", () => {
  let t: TestApp;
  let server: BrowserApp["server"];
  let chrome: BrowserApp["chrome"];

  beforeAll(async () => {
    ({ t, server, chrome } = await openBrowserApp());
  });
  afterAll(() => closeBrowserApp({ t, server, chrome }));

  it("fits a phone and a desktop for the office and for an agency's staff", async () => {
    t.clock.set("2026-03-01T03:00:00Z");
    const w = await taskWorld(t);
    const late = await ok(w.office.api("POST", "/api/tasks", task({ agencyId: w.trade.id, title: "Đẩy mạnh xúc tiến thương mại các sản phẩm OCOP đạt từ 3 sao trở lên, kết nối với các đối tác tiêu thụ sản phẩm", deadline: "2026-03-05" })), 201);
    await report(t, w.tradeStaff, late.id, { kind: "progress", note: "Đã làm việc với 3 siêu thị tại thành phố Hà Tĩnh về việc mở gian hàng OCOP" }, { name: "bien-ban-lam-viec-voi-sieu-thi-thanh-pho-ha-tinh.pdf", bytes: pdf() });
    await ok(w.office.api("POST", "/api/tasks", task({ unitId: w.tree.communes[0][0].id, deadline: "2026-04-30" })), 201);
    t.clock.set("2026-03-08T03:00:00Z");
    const office = await createUser(t.database.db, { grants: [grant("province_office", w.tree.province)] });
    const staff = await createUser(t.database.db, { grants: [{ role: "agency_staff", agencyId: w.trade.id }] });

    for (const [who, paths] of [
      [office, [["/", "home"], ["/tasks", "list"], ["/tasks?overdue=1", "overdue"], [`/tasks/${late.id}`, "task"], ["/tasks/new", "form"], ["/agencies", "agencies"]]],
      [staff, [["/", "home"], ["/tasks", "list"], [`/tasks/${late.id}`, "report"]]],
    ] as const) {
      const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, locale: "vi-VN" });
      const page = await context.newPage();
      await page.goto(server.url + "/login");
      await page.fill("input[name=username]", who.username);
      await page.fill("input[name=password]", who.password);
      await page.click("main button[type=submit]");
      await page.waitForURL(server.url + "/");
      for (const [path, name] of paths) {
        for (const [size, viewport] of [["phone", { width: 390, height: 844 }], ["desktop", { width: 1280, height: 900 }]] as const) {
          await page.setViewportSize(viewport);
          const res = await page.goto(server.url + path);
          expect({ path, status: res?.status() }).toEqual({ path, status: 200 });
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          expect({ path, size, width }).toEqual({ path, size, width: Math.min(width, viewport.width) });
          const h1Top = await page.locator("main h1").evaluate((el) => el.getBoundingClientRect().top);
          expect({ path, size, h1Top: h1Top < (size === "phone" ? 300 : 200) }).toEqual({ path, size, h1Top: true });
          await page.screenshot({ path: `test-results/tasks-${who === office ? "office" : "agency"}-${name}-${size}.png`, fullPage: true });
        }
      }
      await context.close();
    }
  }, 120_000);
});
