import type { Child } from "hono/jsx";
import type { Principal } from "../auth/types.js";
import { can, unitScopes } from "../auth/policy.js";
import type { Bilingual, Locale } from "../lib/i18n.js";
import { assetUrl } from "./assets.js";

export const t = (locale: Locale, m: Bilingual) => m[locale];

export type PageProps = {
  title: Bilingual;
  locale: Locale;
  principal: Principal | null;
  csrfToken?: string | undefined;
  /** Current path, so the language switch returns here. */
  path: string;
  children?: Child;
};

/** Only pages that exist, and only those the visitor may open. */
function navLinks(principal: Principal | null): { href: string; label: Bilingual }[] {
  const links = [
    { href: "/registry", label: { vi: "Sổ sản phẩm OCOP", en: "OCOP register" } },
    { href: "/units", label: { vi: "Đơn vị hành chính", en: "Administrative units" } },
  ];
  // Producer lists are scoped: show the link to anyone who can read some producer (officials, members).
  if (unitScopes(principal, "producers.read").length > 0 || principal?.grants.some((g) => g.producerId !== undefined)) {
    links.push({ href: "/producers", label: { vi: "Chủ thể OCOP", en: "Producers" } });
  }
  // Cycle records are scoped the same way: officials in their unit, producers' members for their own.
  const followsCycle = unitScopes(principal, "ideas.read").length > 0 || principal?.grants.some((g) => g.role === "producer_member");
  if (followsCycle) {
    links.push({ href: "/ideas", label: { vi: "Ý tưởng sản phẩm", en: "Product ideas" } });
    links.push({ href: "/plans", label: { vi: "Phương án SXKD", en: "Business plans" } });
    links.push({ href: "/products", label: { vi: "Sản phẩm", en: "Products" } });
    links.push({ href: "/dossiers", label: { vi: "Hồ sơ đánh giá", en: "Dossiers" } });
  }
  if (unitScopes(principal, "plans.report").length > 0) links.push({ href: "/reports/budget", label: { vi: "Báo cáo kinh phí", en: "Budget report" } });
  if (unitScopes(principal, "rounds.score").length > 0 || unitScopes(principal, "rounds.manage").length > 0) {
    links.push({ href: "/rounds", label: { vi: "Đánh giá", en: "Evaluation" } });
  }
  if (unitScopes(principal, "cycles.manage").length > 0) links.push({ href: "/cycles", label: { vi: "Chu trình", en: "Cycles" } });
  if (unitScopes(principal, "stamps.issue").length > 0 || principal?.grants.some((g) => g.role === "producer_member")) {
    links.push({ href: "/stamps", label: { vi: "Tem OCOP", en: "OCOP stamps" } });
  }
  const operator = principal?.grants.find((g) => g.role === "retail_operator" && g.retailPointId);
  if (unitScopes(principal, "retail.read").length > 0) links.push({ href: "/retail", label: { vi: "Điểm bán OCOP", en: "Retail points" } });
  if (operator) links.push({ href: `/retail/${operator.retailPointId}`, label: { vi: "Điểm bán của tôi", en: "My shop" } });
  if (operator || unitScopes(principal, "retail.read").length > 0) links.push({ href: "/retail/verify", label: { vi: "Kiểm tra tem", en: "Check a stamp" } });
  if (unitScopes(principal, "stamps.read").length > 0 || principal?.grants.some((g) => g.role === "producer_member")) {
    links.push({ href: "/stats/scans", label: { vi: "Lượt quét tem", en: "Stamp scans" } });
  }
  if (unitScopes(principal, "reports.manage").length > 0) links.push({ href: "/reports/fakes", label: { vi: "Báo cáo tem giả", en: "Fake reports" } });
  if (unitScopes(principal, "certificates.decide").length > 0) links.push({ href: "/certificates", label: { vi: "Công nhận OCOP", en: "Certification" } });
  if (unitScopes(principal, "certificates.notices").length > 0 || principal?.grants.some((g) => g.role === "producer_member")) {
    links.push({ href: "/notices", label: { vi: "Thông báo", en: "Notices" } });
  }
  if (can(principal, "users.read")) links.push({ href: "/admin/users", label: { vi: "Người dùng", en: "Users" } });
  if (can(principal, "audit.read")) links.push({ href: "/admin/audit", label: { vi: "Nhật ký", en: "Audit log" } });
  return links;
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
          <a class="brand" href="/">
            OCOP Hà Tĩnh
          </a>
          <nav aria-label={t(p.locale, { vi: "Điều hướng chính", en: "Main navigation" })}>
            {navLinks(p.principal).map((l) => (
              <a href={l.href} aria-current={p.path.split("?")[0] === l.href ? "page" : undefined}>
                {t(p.locale, l.label)}
              </a>
            ))}
            <a href={`/lang/${other}?back=${encodeURIComponent(p.path)}`} hreflang={other} lang={other}>
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
          </nav>
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
