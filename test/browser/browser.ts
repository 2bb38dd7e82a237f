import { type AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { chromium, type Browser } from "playwright-core";
import { createTestApp, type TestApp } from "../support/harness.js";

// Debian's chromium, installed by .ci/run; the flags keep it off the (closed) network.
export const CHROMIUM = "/usr/bin/chromium";

// playwright launches every browser with a fresh temporary profile (its own --user-data-dir).
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
    },
  };
}

/** Serves the test app on a loopback port so a real browser can load it. */
export async function listen(t: TestApp): Promise<{ url: string; close(): Promise<void> }> {
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export type BrowserApp = { t: TestApp; server: Awaited<ReturnType<typeof listen>>; chrome: Awaited<ReturnType<typeof launchBrowser>> };

/**
 * What every browser test starts with: a test app (cookies without Secure, since it is served over plain HTTP),
 * served on a loopback port that is also its public base URL, and a browser.
 */
export async function openBrowserApp(): Promise<BrowserApp> {
  const t = await createTestApp({ config: { cookieSecure: false } });
  const server = await listen(t);
  t.deps.config.publicBaseUrl = server.url;
  return { t, server, chrome: await launchBrowser() };
}

/** Closes what openBrowserApp opened (any part that did open, when a setup failed half way). */
export async function closeBrowserApp(a: Partial<BrowserApp>): Promise<void> {
  await a.chrome?.close();
  await a.server?.close();
  await a.t?.close();
}
