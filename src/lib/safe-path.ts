/**
 * The one place `back` is trusted: only a path on this site, never `//host`, `/\host` or a scheme, which
 * browsers would follow off-site. Control characters are refused because URL parsers drop them (`/\t/evil`).
 */
export function safeBackPath(back: string | undefined): string {
  if (!back || !back.startsWith("/") || back.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(back)) return "/";
  const base = "http://site.invalid";
  let url: URL;
  try {
    url = new URL(back, base);
  } catch {
    return "/";
  }
  if (url.origin !== base) return "/";
  // A `lang` left in the query would override the cookie just set.
  if (url.searchParams.has("lang")) url.searchParams.delete("lang");
  return url.pathname + url.search + url.hash;
}
