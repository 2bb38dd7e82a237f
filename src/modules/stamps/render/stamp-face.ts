import { QUIET_ZONE } from "../../../lib/qr.js";

/**
 * What one printed stamp shows. `code` is the canonical 20-character code; `url` is the QR payload; `seq` is the
 * stamp's number in its batch, the number activation and voiding ask for ("từ tem số … đến tem số").
 */
export type StampFace = { code: string; url: string; productName: string; stars: 3 | 4 | 5; seq: number };

/** The sequence number as printed: "Số 000123" (six digits at least, so a roll reads in columns). */
export const seqLabel = (seq: number) => `Số ${String(seq).padStart(6, "0")}`;

export const ocopMark = (stars: StampFace["stars"]) => `OCOP ${"★".repeat(stars)}`;

const graphemes = new Intl.Segmenter("vi", { granularity: "grapheme" });
/**
 * `text` cut to fit `maxWidth` with "…". Cut on grapheme boundaries after NFC so a Vietnamese letter is never
 * split from its tone mark (decomposed "ạ" is two code points).
 */
export function fitText(text: string, maxWidth: number, measure: (s: string) => number): string {
  const t = words(text);
  if (measure(t) <= maxWidth) return t;
  const parts = Array.from(graphemes.segment(t), (s) => s.segment);
  let lo = 0;
  let hi = parts.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(parts.slice(0, mid).join("").trimEnd() + "…") <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return parts.slice(0, lo).join("").trimEnd() + "…";
}

const words = (text: string) => text.normalize("NFC").trim().replace(/\s+/g, " ");

/**
 * The product name on at most two lines: whole on one line at the normal size if it fits, else broken between
 * words onto two lines, first at the normal size, then at the small one; only a name too long for two small lines
 * is cut (with "…", on the second). `measure(s, size)` is the width of `s` at font size `size`.
 */
export function fitName(text: string, maxWidth: number, sizes: { size: number; smallSize: number }, measure: (s: string, size: number) => number): { lines: string[]; size: number } {
  const t = words(text);
  if (measure(t, sizes.size) <= maxWidth) return { lines: [t], size: sizes.size };
  for (const size of [sizes.size, sizes.smallSize]) {
    const split = twoLines(t, maxWidth, (s) => measure(s, size));
    if (split) return { lines: split, size };
  }
  const size = sizes.smallSize;
  const fits = (s: string) => measure(s, size) <= maxWidth;
  // The longest run of whole words that fits the first line; the rest is cut on the second.
  const ws = t.split(" ");
  let k = 1;
  while (k < ws.length && fits(ws.slice(0, k + 1).join(" "))) k++;
  const first = ws.slice(0, k).join(" ");
  if (!fits(first)) return { lines: [fitText(t, maxWidth, (s) => measure(s, size))], size };
  return { lines: [first, fitText(ws.slice(k).join(" "), maxWidth, (s) => measure(s, size))], size };
}

/** `t` broken at the space that best balances two lines that both fit, or null when no break does. */
function twoLines(t: string, maxWidth: number, measure: (s: string) => number): [string, string] | null {
  let best: [string, string] | null = null;
  let bestWidth = Infinity;
  for (let i = t.indexOf(" "); i > 0; i = t.indexOf(" ", i + 1)) {
    const a = t.slice(0, i);
    const b = t.slice(i + 1);
    const wide = Math.max(measure(a), measure(b));
    if (wide <= maxWidth && wide < bestWidth) [best, bestWidth] = [[a, b], wide];
  }
  return best;
}

/** The printed code has 24 characters ("XXXX-XXXX-XXXX-XXXX-XXXX"); DejaVu Sans Mono advances 0.602 em. */
const CODE_CHARS = 24;
const MONO_ADVANCE = 0.602;

/** Where everything sits on a label, in mm from its top-left corner; text positions are baselines. */
export type LabelGeometry = {
  widthMm: number;
  heightMm: number;
  pad: number;
  qr: { x: number; y: number; side: number };
  code: { baseline: number; size: number };
  seq: { baseline: number; size: number };
  mark: { baseline: number; size: number };
  /** Two lines are always kept for the name; a name on one line sits centred in them. */
  name: { baseline: number; size: number; smallSize: number; lineHeight: number; maxWidth: number };
};

/** Baselines of a fitted name's lines: one line centred in the two-line box, two lines on its baselines. */
export const nameBaselines = (g: LabelGeometry, lines: number) => (lines === 1 ? [g.name.baseline + g.name.lineHeight / 2] : [g.name.baseline, g.name.baseline + g.name.lineHeight]);

/*
 * One geometry for the SVG and the PDF so both print the same stamp. The QR box includes the quiet zone, so it
 * may run to the label's edges (the label stock is white); the text goes below it.
 */
export function labelGeometry(widthMm: number, heightMm: number): LabelGeometry {
  const pad = Math.min(1, widthMm * 0.04);
  const inner = widthMm - 2 * pad;
  const codeSize = Math.min(2.2, inner / (CODE_CHARS * MONO_ADVANCE * 1.03));
  const seqSize = 1.8;
  const markSize = 2.6;
  const nameSize = 2.2;
  const lineHeight = 1.2 * nameSize;
  const textH = 1.25 * (codeSize + seqSize + markSize) + nameSize + lineHeight + pad;
  const side = Math.max(0, Math.min(widthMm, heightMm - textH));
  // Spare height goes evenly above the QR and below the text, so the stamp looks centred.
  const spare = Math.max(0, heightMm - side - textH) / 2;
  const qrY = spare;
  const codeBase = qrY + side + codeSize;
  const seqBase = codeBase + 1.25 * seqSize;
  const markBase = seqBase + 1.25 * markSize;
  const nameBase = markBase + 1.25 * nameSize;
  return {
    widthMm,
    heightMm,
    pad,
    qr: { x: (widthMm - side) / 2, y: qrY, side },
    code: { baseline: codeBase, size: codeSize },
    seq: { baseline: seqBase, size: seqSize },
    mark: { baseline: markBase, size: markSize },
    name: { baseline: nameBase, size: nameSize, smallSize: 1.8, lineHeight, maxWidth: inner },
  };
}

/** Width of the QR symbol without its quiet zone at the production size (version 4, 33 modules). */
export const qrSymbolMm = (g: LabelGeometry) => (g.qr.side * 33) / (33 + 2 * QUIET_ZONE);
