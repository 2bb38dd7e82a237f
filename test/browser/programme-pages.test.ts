import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { person } from "../evaluation/support.js";
import { certify, producerAt, productOf } from "../programme/support.js";
import type { TestApp } from "../support/harness.js";
import { createUnit, createUser, grant } from "../support/fixtures.js";
import { type BrowserApp, closeBrowserApp, openBrowserApp } from "./browser.js";

/*
 * Issue 17's pages in a real browser, JavaScript off, at phone (390×844) and desktop (1280×900) size: the plan's
 * progress, a figure's records, the events and an event's participants fit the screen, the title is in the first
 * screen, and a figure is one click from its records. Screenshots go to test-results/.
 */
describe("the programme's pages in a real browser", () => {
  let t: TestApp;
  let server: BrowserApp["server"];
  let chrome: BrowserApp["chrome"];

  beforeAll(async () => {
    ({ t, server, chrome } = await openBrowserApp());
  });
  afterAll(() => closeBrowserApp({ t, server, chrome }));

  it("fits a phone and a desktop, and opens a figure's records in one click", async () => {
    t.clock.set("2026-10-01T03:00:00Z");
    const db = t.database.db;
    const province = await createUnit(db, { level: "province", name: "Tỉnh Hà Tĩnh (thử)" });
    const commune = await createUnit(db, { level: "commune", parent: province, name: "Xã Phúc Trạch (thử)" });
    const producer = await producerAt(db, commune);
    const product = await productOf(db, producer, commune);
    await certify(db, province, commune, product, producer.id, 4, "2026-06-15");
    const office = await person(t, ["province_office", province]);
    const plan = await ok(
      office.api("POST", "/api/programme/plans", {
        year: 2026,
        number: "35/KH-UBND",
        issuedOn: "2026-02-10",
        title: "Kế hoạch thực hiện Chương trình Mỗi xã một sản phẩm tỉnh Hà Tĩnh năm 2026",
        indicators: [
          { label: "Có ít nhất 50 sản phẩm, dịch vụ được chứng nhận đạt chuẩn OCOP từ 3-4 sao", rule: "certified_in_year", params: { minStars: 3 }, targetMin: 50 },
          { label: "100% cán bộ tham mưu Chương trình OCOP các cấp được tập huấn, đào tạo", rule: "officials_trained", targetMin: 100 },
        ],
      }),
      201,
    );
    const event = await ok(
      office.api("POST", "/api/programme/events", { kind: "training", title: "Tập huấn nâng cao năng lực cán bộ quản lý Chương trình OCOP cấp xã", topic: "Chu trình OCOP thường niên", startsOn: "2026-06-01", endsOn: "2026-06-02", place: "Hội trường Văn phòng Điều phối nông thôn mới tỉnh", organiser: "Văn phòng Điều phối nông thôn mới tỉnh" }),
      201,
    );
    await ok(office.api("POST", `/api/programme/events/${event.id}/participants`, { producerId: producer.id, attendeeName: "Nguyễn Thị Hoa" }), 201);
    const user = await createUser(db, { grants: [grant("province_office", province)], displayName: "Nguyễn Thị Văn Phòng" });

    const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, locale: "vi-VN" });
    const page = await context.newPage();
    await page.goto(server.url + "/login");
    await page.fill("input[name=username]", user.username);
    await page.fill("input[name=password]", user.password);
    await page.click("main button[type=submit]");
    await page.waitForURL(server.url + "/");

    const pages = [
      ["plans", "/programme"],
      ["plan", `/programme/plans/${plan.id}`],
      ["records", `/programme/plans/${plan.id}/indicators/${plan.indicators[0].id}`],
      ["events", "/programme/events"],
      ["event", `/programme/events/${event.id}`],
      ["training", `/programme/training/producers/${producer.id}`],
    ] as const;
    for (const [name, path] of pages) {
      for (const [size, viewport] of [["phone", { width: 390, height: 844 }], ["desktop", { width: 1280, height: 900 }]] as const) {
        await page.setViewportSize(viewport);
        const res = await page.goto(server.url + path);
        expect({ path, status: res?.status() }).toEqual({ path, status: 200 });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect({ path, size, width }).toEqual({ path, size, width: Math.min(width, viewport.width) });
        const h1Top = await page.locator("main h1").evaluate((el) => el.getBoundingClientRect().top);
        expect({ path, size, h1Top: h1Top < (size === "phone" ? 300 : 200) }).toEqual({ path, size, h1Top: true });
        await page.screenshot({ path: `test-results/programme-${name}-${size}.png`, fullPage: true });
      }
    }

    // The province's figure is a link to the records behind it.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/programme/plans/${plan.id}`);
    await page.click(`main a[href="/programme/plans/${plan.id}/indicators/${plan.indicators[0].id}"]`);
    await page.waitForURL(new RegExp(`/indicators/${plan.indicators[0].id}$`));
    expect(await page.locator("main").innerText()).toContain(product.name);
    await context.close();
  }, 240_000);
});
