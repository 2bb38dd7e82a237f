import type { Child } from "hono/jsx";
import type { Principal } from "../domain/principal.js";
import type { Bilingual, Locale } from "../lib/i18n.js";
import { assetUrl } from "./assets.js";
import { type MenuGroup, menuGroupsFor } from "./nav.js";

export const t = (locale: Locale, m: Bilingual) => m[locale];

/** What every signed-in page's view gets from the request: language, who is signed in, the form token, the path. */
export type Frame = { locale: Locale; principal: Principal; csrfToken: string; path: string };
/** The same for a page anyone may open. */
export type PublicFrame = { locale: Locale; principal: Principal | null; csrfToken: string; path: string };

export type PageProps = {
  title: Bilingual;
  locale: Locale;
  principal: Principal | null;
  csrfToken?: string | undefined;
  /** Current path, so the language switch returns here. */
  path: string;
  children?: Child;
};

/**
 * The menu as folded groups (`<details>`, no JavaScript): the group of the current page is open and its link
 * marked `aria-current`, the others show only their names, so a phone sees one or two lines before the page.
 */
function Menu({ groups, locale: L }: { groups: MenuGroup[]; locale: Locale }) {
  if (!groups.length) return null;
  return (
    <nav class="menu" aria-label={t(L, { vi: "Điều hướng chính", en: "Main navigation" })}>
      {groups.map((g) => (
        <details name="menu" open={g.current} class={g.current ? "here" : undefined}>
          <summary>{t(L, g.label)}</summary>
          <ul>
            {g.links.map((l) => (
              <li>
                <a href={l.href} aria-current={l.current ? "page" : undefined}>
                  {t(L, l.label)}
                </a>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </nav>
  );
}

/** The signed-in (and public) page frame: works without JavaScript, readable on a phone. */
export function Layout(p: PageProps) {
  const other: Locale = p.locale === "vi" ? "en" : "vi";
  return (
    <html lang={p.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${t(p.locale, p.title)} · OCOP Hà Tĩnh`}</title>
        <link rel="stylesheet" href={assetUrl("styles.css")} />
        <link rel="icon" href={assetUrl("favicon.svg")} type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">
          {t(p.locale, { vi: "Bỏ qua, tới nội dung chính", en: "Skip to main content" })}
        </a>
        <header class="top">
          <div class="bar">
            <a class="brand" href="/">
              OCOP Hà Tĩnh
            </a>
            <a class="lang" href={`/lang/${other}?back=${encodeURIComponent(p.path)}`} hreflang={other} lang={other}>
              {other === "en" ? "English" : "Tiếng Việt"}
            </a>
            {p.principal ? (
              <form method="post" action="/logout" class="inline">
                <input type="hidden" name="_csrf" value={p.csrfToken ?? ""} />
                <span class="who">{p.principal.displayName}</span>
                <button type="submit">{t(p.locale, { vi: "Đăng xuất", en: "Sign out" })}</button>
              </form>
            ) : (
              <a href="/login">{t(p.locale, { vi: "Đăng nhập", en: "Sign in" })}</a>
            )}
          </div>
          <Menu groups={menuGroupsFor(p.principal, p.path)} locale={p.locale} />
        </header>
        <main id="main">
          <h1>{t(p.locale, p.title)}</h1>
          {p.children}
        </main>
        <footer>
          <p>
            {t(p.locale, {
              vi: "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh · Chương trình Mỗi xã một sản phẩm (OCOP)",
              en: "Hà Tĩnh New Rural Development Coordination Office · One Commune One Product (OCOP) programme",
            })}
          </p>
        </footer>
      </body>
    </html>
  );
}

/** Renders a page to a full HTML response string with a doctype. */
export function renderPage(node: unknown): string {
  return "<!doctype html>" + String(node);
}
