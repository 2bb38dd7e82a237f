import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/harness.js";
import { createProducer, createUnit, createUser, grant, signedInUser } from "../support/fixtures.js";
import { DEADLINES, apiAs, ideaForm, ok } from "../cycle/support.js";
import { type BrowserApp, closeBrowserApp, openBrowserApp } from "./browser.js";

// A commune officer on a cheap phone with JavaScript off: opens the inbox, ticks two ideas and sends them
// to the province in one step, then returns a third with a reason.
describe("the commune officer's inbox in a real browser", () => {
  let t: TestApp;
  let server: BrowserApp["server"];
  let chrome: BrowserApp["chrome"];

  beforeAll(async () => {
    ({ t, server, chrome } = await openBrowserApp());
  });
  afterAll(() => closeBrowserApp({ t, server, chrome }));

  it("sends two ideas and returns one with a reason, without JavaScript", async () => {
    const db = t.database.db;
    const province = await createUnit(db, { level: "province" });
    const commune = await createUnit(db, { level: "commune", parent: province, name: "Phúc Trạch" });
    const producer = apiAs(t, (await signedInUser(t.app, db, [grant("producer_member", await createProducer(db, commune))])).session);
    const office = apiAs(t, (await signedInUser(t.app, db, [grant("province_office", province)])).session);
    const cycle = await ok(office("POST", "/api/cycles", { year: 2026, chain: "commune-province", deadlines: DEADLINES }), 201);
    const ids: number[] = [];
    for (const name of ["Mứt vỏ bưởi", "Tinh dầu bưởi", "Trà hoa bưởi"]) {
      const idea = await ok(producer("POST", "/api/ideas", { cycleId: cycle.id, ...ideaForm({ name }) }), 201);
      await ok(producer("POST", `/api/ideas/${idea.id}/actions`, { action: "submit" }));
      ids.push(idea.id);
    }
    const officer = await createUser(db, { grants: [grant("commune_officer", commune)] });

    const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const page = await context.newPage();
    await page.goto(server.url + "/login?next=/ideas");
    await page.fill("input[name=username]", officer.username);
    await page.fill("input[name=password]", officer.password);
    await page.click("main button[type=submit]");
    await page.waitForURL(/\/ideas/);
    expect(await page.locator("main").innerText()).toContain("Chờ tôi xử lý");

    await page.check(`input[name=ideaIds][value="${ids[0]}"]`);
    await page.check(`input[name=ideaIds][value="${ids[1]}"]`);
    await page.click("button[name=action][value=commune_forward]");
    await page.waitForURL(/done=bulk/);
    const after = await page.locator("main").innerText();
    // The page says what was sent, with links to the sent ideas, which have left the inbox.
    expect(after).toContain("cho 2 ý tưởng");
    expect(await page.locator(`.notice a[href="/ideas/${ids[0]}"]`).innerText()).toBe("Mứt vỏ bưởi");
    expect(await page.locator(`.notice a[href="/ideas/${ids[1]}"]`).innerText()).toBe("Tinh dầu bưởi");
    expect(await page.locator(`input[name=ideaIds][value="${ids[0]}"]`).count()).toBe(0);
    expect(after).toContain("Trà hoa bưởi");
    await page.screenshot({ path: "test-results/inbox-phone.png", fullPage: true });

    await page.click("table >> text=Trà hoa bưởi");
    await page.fill("textarea[name=reason]", "Cần bổ sung ảnh sản phẩm mẫu");
    await page.click("form:has(input[value=commune_return]) button[type=submit]");
    await page.waitForURL(/done=commune_return/);
    const detail = await page.locator("main").innerText();
    expect(detail).toContain("Bị trả lại");
    expect(detail).toContain("Cần bổ sung ảnh sản phẩm mẫu");
    await context.close();
  });
});
