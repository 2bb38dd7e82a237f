import type { Page } from "playwright-core";

/*
 * The checks every working page passes in a real browser (issue 16): nothing wider than the screen, no English
 * on a Vietnamese page, no internal identifiers where a person reads a label. Each returns what it found, so a
 * failure names the page and the words.
 */

/**
 * English words that are not Vietnamese syllables written without their marks ("to", "an", "no", "ban", "can"
 * and the like are both, so they are left out): a page in Vietnamese that shows one of these shows English.
 */
const ENGLISH = new Set(
  (
    "the and of with your you for from this that these those is are was were be been has have had not unknown " +
    "page pages stamp stamps scan scans scanned certificate certificates product products producer producers " +
    "register registry search filter filters save saved draft drafts submit submitted send sent sign login logout " +
    "home next previous back all status date name names report reports dossier dossiers idea ideas plan plans " +
    "round rounds council member members office province commune district valid expired revoked suspended void " +
    "pending waiting approved rejected total count details view edit delete cancel closed yes error required " +
    "optional points stars score scores sheet items notes evidence download print upload file files user users " +
    "role roles audit log admin settings help more less new create update none empty loading welcome please thank " +
    "shop retail point batch batches serial activated activate inspection inspections decision decisions " +
    "budget funding task tasks event events training month year week today yesterday people person account " +
    "accounts password forgot remember who what when where which how why about contact privacy terms open " +
    "genuine fake suspicious revoke suspend recognise recognition level levels unit units group groups " +
    "add remove select choose show hide apply reset clear next first last page previous of"
  ).split(" "),
);

/** Text nodes a person reads, outside code samples and elements marked as another language or not to translate. */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const skip = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        const lang = e.getAttribute("lang");
        if (lang && !lang.startsWith("vi")) return true;
        if (e.getAttribute("translate") === "no") return true;
        if (["CODE", "KBD", "SAMP", "SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"].includes(e.tagName)) return true;
      }
      return false;
    };
    const parts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el)) continue;
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden") continue;
      // Text a screen reader alone reads (visually hidden) is read too: it is still the page's language.
      parts.push(n.textContent ?? "");
    }
    // What a control shows or announces: button values, placeholders, labels given as attributes.
    for (const el of Array.from(document.querySelectorAll("[placeholder], [aria-label], [title], input[type=submit][value]"))) {
      if (skip(el)) continue;
      for (const a of ["placeholder", "aria-label", "title", "value"]) {
        if (a === "value" && (el as HTMLInputElement).type !== "submit") continue;
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    }
    return parts.join(" \n ");
  });
}

/**
 * Drops what is neither prose nor a label: addresses, e-mail, file names, hosts and paths, and the names people
 * sign in with (`allow`: an account's username is what its owner types, not an internal id).
 */
function prose(text: string, allow: readonly string[] = [], keepCodes = false): string {
  let out = text
    .replace(/\bhttps?:\/\/\S+/g, " ")
    .replace(/\S+@\S+/g, " ")
    .replace(/\S*\/\S*/g, " ")
    .replace(/\S+\.(pdf|png|jpe?g|webp|csv|xlsx|docx?)\b/gi, " ");
  // Hashes, codes and numbers: a token with a digit in it is not a word ("…6a7be0b8…" holds no "be"). The
  // identifier check keeps them: UUIDs and criteria-set keys are what it looks for.
  if (!keepCodes) out = out.replace(/\S*\d\S*/g, " ");
  for (const name of allow) out = out.split(name).join(" ");
  return out;
}

/** English words on a Vietnamese page (distinct, in the order met), each with the words around it. */
export async function englishWords(page: Page, allow: readonly string[] = []): Promise<string[]> {
  const text = prose(await visibleText(page), allow);
  // Whole words, Vietnamese letters and combining marks included, then only those in plain Latin letters.
  const words = (text.match(/[\p{L}\p{M}]+/gu) ?? []).filter((w) => /^[A-Za-z]+$/.test(w));
  // A word in capitals is an acronym (OCOP, QR, GS1, PDF, CSV, ATTP) in either language.
  const found = [...new Set(words.filter((w) => w !== w.toUpperCase() && ENGLISH.has(w.toLowerCase())))];
  return found.map((w) => {
    const at = text.search(new RegExp(`(?<![\\p{L}\\p{M}])${w}(?![\\p{L}\\p{M}])`, "u"));
    return `${w} («${text.slice(Math.max(0, at - 30), at + w.length + 30).replace(/\s+/g, " ")}»)`;
  });
}

/** Internal identifiers a person should not have to read: UUIDs, code-style keys, raw action codes, "(ID)". */
export async function internalIds(page: Page, allow: readonly string[] = []): Promise<string[]> {
  const text = prose(await visibleText(page), allow, true);
  const found = [
    ...(text.match(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi) ?? []),
    // snake_case keys and dotted action codes (stamps.print, idea.commune_forward, province_office)
    ...(text.match(/\b[a-z]+(?:_[a-z]+)+\b/g) ?? []),
    ...(text.match(/\b[a-z]+\.[a-z_]+\b/g) ?? []),
    // rubric and criteria-set keys such as qd-26-2026
    ...(text.match(/\b[a-z]{2,}-\d+-\d{4}\b/g) ?? []),
    ...(text.match(/\(ID\)|\bID\b/g) ?? []),
  ];
  return [...new Set(found)];
}

/** How far the page is wider than its viewport (0 when it fits). */
export async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}
