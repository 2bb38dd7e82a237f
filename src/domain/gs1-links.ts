/*
 * The resolver's links and how one is chosen (GS1-Conformant Resolver Standard 1.1, RFC 9264 linksets, RFC 8288
 * Link headers). A link has a link type from the GS1 Web Vocabulary, a target, a title, a media type, the
 * languages of its target and, optionally, the contexts it serves. The default link of a request is the link of
 * the default link type that best fits its context and languages; a requested link type with no link is not
 * answered with another (404), so asking for `gs1:verificationService` of an unknown serial never lands on a page
 * that could pass for a verification.
 */

export const GS1_VOC = "https://gs1.org/voc/";

export type ResolverLink = {
  /** A GS1 link type without its prefix: "pip", "certificationInfo", "verificationService". */
  type: string;
  href: string;
  title: string;
  mime: string;
  hreflang: string[];
  /** Contexts this link serves; empty when it serves any. */
  context: string[];
  /** Why a link from a level up the tree answers (a lot or serial we do not know); null when it is its own. */
  fallback: "variant" | "lot" | "serial" | null;
};

export const relOf = (type: string) => `${GS1_VOC}${type}`;
export const curieOf = (type: string) => `gs1:${type}`;

/** "gs1:pip", "https://gs1.org/voc/pip" (or the http:// spelling) → "pip"; null if not a GS1 link type. */
export function linkTypeName(raw: string): string | null {
  const m = /^(?:gs1:|https?:\/\/gs1\.org\/voc\/)([A-Za-z]{1,60})$/.exec(raw);
  return m ? m[1]! : null;
}

/** An Accept-Language header's languages, most wanted first (q=0 dropped), primary tags lower-cased. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  const items = header.split(",").flatMap((part, i) => {
    const [tag, ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    const weight = q ? Number(q[1]) : 1;
    const lang = (tag ?? "").trim().toLowerCase().split("-")[0]!;
    return lang && lang !== "*" && /^[a-z]{2,8}$/.test(lang) && weight > 0 ? [{ lang, weight, i }] : [];
  });
  items.sort((a, b) => b.weight - a.weight || a.i - b.i);
  return [...new Set(items.map((x) => x.lang))];
}

export type Choice = { linkType?: string | null; context?: string | null; languages: string[] };

/**
 * The link that answers a request: among the links of the requested type (or of the default type), those that
 * serve the context (or, when none does, those that serve any), then the first in the most wanted language, else
 * the first. Null when the requested type has no link.
 */
export function chooseLink(links: ResolverLink[], defaultType: string, choice: Choice): ResolverLink | null {
  const type = choice.linkType ?? defaultType;
  let candidates = links.filter((l) => l.type === type);
  if (!candidates.length) return null;
  if (choice.context) {
    const served = candidates.filter((l) => l.context.includes(choice.context!));
    candidates = served.length ? served : candidates.filter((l) => l.context.length === 0);
  } else {
    const general = candidates.filter((l) => l.context.length === 0);
    if (general.length) candidates = general;
  }
  if (!candidates.length) return null;
  for (const lang of choice.languages) {
    const hit = candidates.find((l) => l.hreflang.includes(lang));
    if (hit) return hit;
  }
  return candidates[0]!;
}

/** The default link type for a context: a context may name its own (the trade's is the certificate). */
export function defaultTypeFor(defaults: { any: string; byContext: Record<string, string> }, context: string | null | undefined, links: ResolverLink[]): string {
  const own = context ? defaults.byContext[context] : undefined;
  return own && links.some((l) => l.type === own) ? own : defaults.any;
}

const quoted = (s: string) => `"${s.replace(/["\\]/g, "\\$&")}"`;

/**
 * The Link header of a resolver answer: the linkset first, then every link with its rel (the link type URI), type,
 * hreflang and title (RFC 8288; a non-ASCII title also as title* in UTF-8, RFC 8187).
 */
export function linkHeader(linksetHref: string, links: ResolverLink[]): string {
  const parts = [`<${linksetHref}>; rel="linkset"; type="application/linkset+json"`];
  for (const l of links) {
    let p = `<${l.href}>; rel=${quoted(relOf(l.type))}; type=${quoted(l.mime)}`;
    for (const lang of l.hreflang) p += `; hreflang=${lang}`;
    const ascii = l.title.replace(/[\u2013\u2014]/g, "-").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, (d) => (d === "đ" ? "d" : "D")).replace(/[^\x20-\x7e]/g, "");
    p += `; title=${quoted(ascii)}`;
    if (ascii !== l.title) p += `; title*=UTF-8''${encodeURIComponent(l.title).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`;
    parts.push(p);
  }
  return parts.join(", ");
}

/**
 * The RFC 9264 linkset (application/linkset+json) of one anchor: link types (full URIs) as keys, each with its
 * targets; the default link under gs1:defaultLink (and gs1:defaultLinkMulti when there are language variants);
 * a link answered from a level up the tree says so in an extension target attribute `fallback` (["lot"]/["serial"]).
 */
export function linksetOf(anchor: string, links: ResolverLink[], defaultLink: ResolverLink | null, variantsOfDefault: ResolverLink[]) {
  const target = (l: ResolverLink) => ({
    href: l.href,
    title: l.title,
    type: l.mime,
    hreflang: l.hreflang,
    ...(l.context.length ? { context: l.context } : {}),
    ...(l.fallback ? { fallback: [l.fallback] } : {}),
  });
  const entry: Record<string, unknown> = { anchor };
  if (defaultLink) entry[relOf("defaultLink")] = [target(defaultLink)];
  if (variantsOfDefault.length > 1) entry[relOf("defaultLinkMulti")] = variantsOfDefault.map(target);
  for (const l of links) ((entry[relOf(l.type)] ??= []) as unknown[]).push(target(l));
  return { linkset: [entry] };
}
