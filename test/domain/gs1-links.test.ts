import { describe, expect, it } from "vitest";
import { acceptedLanguages, chooseLink, defaultTypeFor, linkHeader, linksetOf, linkTypeName, type ResolverLink } from "../../src/domain/gs1-links.js";

const L = (type: string, href: string, hreflang: string[], extra: Partial<ResolverLink> = {}): ResolverLink => ({ type, href, title: `${type} ${hreflang.join()}`, mime: "text/html", hreflang, context: [], fallback: null, ...extra });
const links = [
  L("pip", "https://x/p/1", ["vi"]),
  L("pip", "https://x/p/1?lang=en", ["en"]),
  L("certificationInfo", "https://x/c/2", ["vi"]),
  L("certificationInfo", "https://x/c/2?lang=en", ["en"]),
  L("pip", "https://x/p/1?for=shops", ["vi"], { context: ["trade"] }),
];

describe("Accept-Language", () => {
  it("orders by q then by position, primary tags only, drops q=0 and *", () => {
    expect(acceptedLanguages("en-GB,en;q=0.9,vi;q=0.8")).toEqual(["en", "vi"]);
    expect(acceptedLanguages("fr;q=0.5, vi-VN, *;q=0.1, de;q=0")).toEqual(["vi", "fr"]);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });
});

describe("choosing a link", () => {
  it("takes the default type's link in the most wanted language, Vietnamese first when nothing is asked", () => {
    expect(chooseLink(links, "pip", { languages: [] })!.href).toBe("https://x/p/1");
    expect(chooseLink(links, "pip", { languages: ["en", "vi"] })!.href).toBe("https://x/p/1?lang=en");
    expect(chooseLink(links, "pip", { languages: ["fr"] })!.href).toBe("https://x/p/1");
  });
  it("honours a requested link type, and answers none (not another) when it has no link", () => {
    expect(chooseLink(links, "pip", { linkType: "certificationInfo", languages: ["en"] })!.href).toBe("https://x/c/2?lang=en");
    expect(chooseLink(links, "pip", { linkType: "verificationService", languages: [] })).toBeNull();
  });
  it("prefers links serving the context, else the general ones; a context's own default type when it has links", () => {
    expect(chooseLink(links, "pip", { context: "trade", languages: [] })!.href).toBe("https://x/p/1?for=shops");
    expect(chooseLink(links, "pip", { context: "consumer", languages: ["en"] })!.href).toBe("https://x/p/1?lang=en");
    const defaults = { any: "pip", byContext: { trade: "certificationInfo", recall: "recallStatus" } };
    expect(defaultTypeFor(defaults, "trade", links)).toBe("certificationInfo");
    expect(defaultTypeFor(defaults, "recall", links)).toBe("pip");
    expect(defaultTypeFor(defaults, null, links)).toBe("pip");
  });
  it("reads link types as gs1: CURIEs or vocabulary URIs only", () => {
    expect(linkTypeName("gs1:pip")).toBe("pip");
    expect(linkTypeName("https://gs1.org/voc/certificationInfo")).toBe("certificationInfo");
    expect(linkTypeName("http://gs1.org/voc/pip")).toBe("pip");
    expect(linkTypeName("schema:pip")).toBeNull();
    expect(linkTypeName("gs1:pip/../x")).toBeNull();
  });
});

describe("Link header and linkset", () => {
  it("carries the linkset and every link with rel, type, hreflang and an ASCII title (title* for the UTF-8 one)", () => {
    const h = linkHeader("https://x/01/1?linkType=linkset", [L("pip", "https://x/p/1", ["vi"], { title: 'Nước mắm — "Đặc biệt" (1*)' })]);
    const parts = h.split(", <");
    expect(parts[0]).toBe('<https://x/01/1?linkType=linkset>; rel="linkset"; type="application/linkset+json"');
    expect(parts[1]).toBe(`https://x/p/1>; rel="https://gs1.org/voc/pip"; type="text/html"; hreflang=vi; title="Nuoc mam - \\"Dac biet\\" (1*)"; title*=UTF-8''${encodeURIComponent('Nước mắm — "Đặc biệt" ')}%281%2A%29`);
  });
  it("keys the linkset by link type URIs under one anchor, with the default, its variants and the fallback note", () => {
    const fb = links.slice(0, 2).map((l) => ({ ...l, fallback: "serial" as const }));
    const ls = linksetOf("https://x/01/1/21/S", fb, fb[0]!, fb);
    expect(Object.keys(ls.linkset[0]!)).toEqual(["anchor", "https://gs1.org/voc/defaultLink", "https://gs1.org/voc/defaultLinkMulti", "https://gs1.org/voc/pip"]);
    expect(ls.linkset[0]!["https://gs1.org/voc/pip"]).toEqual([
      { href: "https://x/p/1", title: "pip vi", type: "text/html", hreflang: ["vi"], fallback: ["serial"] },
      { href: "https://x/p/1?lang=en", title: "pip en", type: "text/html", hreflang: ["en"], fallback: ["serial"] },
    ]);
  });
});
