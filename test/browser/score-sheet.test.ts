import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { DURING, assign, council, createProduct, openRound, reformEval, registration, review, sheetFor } from "../evaluation/support.js";
import { grant, signedInUser } from "../support/fixtures.js";
import type { TestApp } from "../support/harness.js";
import { type BrowserApp, closeBrowserApp, openBrowserApp } from "./browser.js";

// A council member scores a dossier with JavaScript off, on a phone and on a desktop: the producer's side is
// beside each item, the notes box is wide enough to write in, nothing is wider than the screen, and a saved
// partial sheet comes back as typed (issue 16, finding 6).
describe("the council member's score sheet in a real browser", () => {
  let t: TestApp;
  let server: BrowserApp["server"];
  let chrome: BrowserApp["chrome"];

  beforeAll(async () => {
    ({ t, server, chrome } = await openBrowserApp());
    t.clock.set(DURING);
    fs.mkdirSync("test-results", { recursive: true });
  });
  afterAll(() => closeBrowserApp({ t, server, chrome }));

  it("fits a phone (390×844) and a desktop (1280×900), with a notes column wide enough to write in", async () => {
    const w = await reformEval(t);
    const productId = await createProduct(t, w.commune, w.producer.id, null);
    const d = await ok(w.producerMember.api("POST", "/api/dossiers", { productId, ...registration }), 201);
    await ok(w.producerMember.api("PUT", `/api/dossiers/${d.id}/self-score`, { choices: sheetFor(80).choices, notes: { "1.1": "Vùng nguyên liệu của HTX, hợp đồng liên kết với 40 hộ" } }));
    const form = new FormData();
    form.set("criterionId", "1.1");
    form.set("file", new File([new TextEncoder().encode("%PDF-1.4\n% hợp đồng\n")], "hop-dong-lien-ket-vung-nguyen-lieu-2026.pdf", { type: "application/pdf" }));
    expect((await t.app.request(`/api/dossiers/${d.id}/evidence`, { method: "POST", headers: w.producerMember.headers, body: form })).status).toBe(201);
    await ok(w.producerMember.api("POST", `/api/dossiers/${d.id}/actions`, { action: "submit" }));
    await ok(w.communeOfficer.api("PUT", `/api/dossiers/${d.id}/commune-review`, review));
    await ok(w.communeOfficer.api("POST", `/api/dossiers/${d.id}/actions`, { action: "propose" }));

    const { user } = await signedInUser(t.app, t.database.db, [grant("council_member", w.province)]);
    const c = await council(t, w.province, 2);
    const body = { members: [...(c.body.members as { userId: string; role: string }[]), { userId: user.id, role: "member" }] };
    const round = await openRound(w.office, w.province.id, "province", { body });
    const rdId = await assign(w.office, round.id, d.id);
    const path = `/rounds/${round.id}/dossiers/${rdId}/sheet`;

    for (const [name, viewport] of [["phone", { width: 390, height: 844 }], ["desktop", { width: 1280, height: 900 }]] as const) {
      const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport, locale: "vi-VN" });
      const page = await context.newPage();
      await page.goto(`${server.url}/login?next=${encodeURIComponent(path)}`);
      await page.fill("input[name=username]", user.username);
      await page.fill("input[name=password]", user.password);
      await page.click("main button[type=submit]");
      await page.waitForURL((u) => u.pathname === path);

      const main = await page.locator("main").innerText();
      expect(main).toContain("tiêu chí đã chấm");
      expect(main).toContain("Chủ thể tự chấm:");
      expect(main).toContain("hop-dong-lien-ket-vung-nguyen-lieu-2026.pdf");
      expect(main).toContain("mức tối thiểu cho 3");
      expect(main).not.toContain("qd-26-2026");
      // The notes box: at least a third of a desktop's content width, the full card width on a phone.
      const note = await page.locator("#note-1\\.1").boundingBox();
      expect(note!.width).toBeGreaterThanOrEqual(300);
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

      await page.screenshot({ path: `test-results/score-sheet-${name}-top.png`, fullPage: false });
      // Score an item and write a note, save, and find them again where the page comes back (the next item).
      if (name === "phone") {
        const first = page.locator('#item-1\\.1 input[type=radio]').first();
        await first.check();
        await page.fill("#note-1\\.1", "Đã xem hợp đồng liên kết");
        await page.locator("button[name=intent][value=save]").first().click();
        await page.waitForURL(/done=saved/);
        expect(await page.locator('#item-1\\.1 input[type=radio]').first().isChecked()).toBe(true);
        expect(await page.inputValue("#note-1\\.1")).toBe("Đã xem hợp đồng liên kết");
        expect(await page.locator("main").innerText()).toContain("1 / ");
        // The page opens at the next item to score, saying there that the rest is saved.
        expect(page.url()).toContain("#item-1.2");
        expect(await page.locator("#item-1\\.2 .notice").innerText()).toContain("Đã lưu nháp");
        await page.screenshot({ path: "test-results/score-sheet-phone-saved.png", fullPage: false });
      }
      await page.locator("#item-1\\.1").screenshot({ path: `test-results/score-sheet-item-${name}.png` });
      await context.close();
    }
  });
});
