import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/harness.js";
import { ok } from "../cycle/support.js";
import { issuedBatch, lot } from "../stamps/support.js";
import { type BrowserApp, closeBrowserApp, openBrowserApp } from "./browser.js";

// A consumer's cheap phone, JavaScript off: scans a stamp and sees the verdict and the certificate's status at
// once; the page's own stylesheet is allowed by the CSP (the verdict box is coloured).
describe("the scan page in a real browser", () => {
  let t: TestApp;
  let server: BrowserApp["server"];
  let chrome: BrowserApp["chrome"];

  beforeAll(async () => {
    ({ t, server, chrome } = await openBrowserApp());
  });
  afterAll(() => closeBrowserApp({ t, server, chrome }));

  it("shows the verdict and the certificate status on a phone without JavaScript", async () => {
    const { w, batch, codes } = await issuedBatch(t, 3);
    await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, lot }));
    const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto(`${server.url}/s/${codes[0]}`);
    expect(res?.status()).toBe(200);
    const verdict = page.locator("#verdict");
    await expect(verdict.isVisible()).resolves.toBe(true);
    expect(await verdict.innerText()).toContain("Tem chính hãng");
    const body = await page.locator("main").innerText();
    expect(body).toContain("Còn hiệu lực");
    expect(body).toContain(lot.lotNumber);
    // The inline stylesheet applied (green border on a genuine verdict): the CSP hash matches.
    const border = await verdict.evaluate((el) => getComputedStyle(el).borderTopColor);
    expect(border).toBe("rgb(46, 125, 50)");
    expect(violations).toEqual([]);
    const box = await verdict.boundingBox();
    expect(box!.y).toBeLessThan(200);
    await page.screenshot({ path: "test-results/scan-phone.png", fullPage: true });

    await page.click("text=English");
    expect(await page.locator("#verdict").innerText()).toContain("Genuine stamp");
    await context.close();
  });

  it("shows a void stamp's cards agreeing with its red verdict, on a phone and a desktop", async () => {
    const { w, batch, codes } = await issuedBatch(t, 2);
    await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, lot: { ...lot, lotNumber: "L-void" } }));
    await ok(w.office.api("POST", "/api/stamps/void", { code: codes[0], reason: "Mất cuộn tem" }));
    for (const [name, viewport] of [["phone", { width: 360, height: 740 }], ["desktop", { width: 1280, height: 900 }]] as const) {
      const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport, locale: "vi-VN" });
      const page = await context.newPage();
      await page.goto(`${server.url}/s/${codes[0]}`);
      expect(await page.locator("#verdict").innerText()).toContain("Tem đã bị hủy");
      const body = await page.locator("main").innerText();
      expect(body).not.toContain("★");
      expect(body).not.toContain("Còn hiệu lực");
      expect(body).toContain("Không xác nhận được: tem đã bị hủy");
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.screenshot({ path: `test-results/scan-void-${name}.png`, fullPage: true });
      await context.close();
    }
  });
});
