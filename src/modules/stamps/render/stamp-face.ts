import { QUIET_ZONE } from "../../../lib/qr.js";

/** What one printed stamp shows. `code` is the canonical 20-character code; `url` is the QR payload. */
export type StampFace = { code: string; url: string; productName: string; stars: 3 | 4 | 5 };

export const ocopMark = (stars: StampFace["stars"]) => `OCOP ${"★".repeat(stars)}`;

const graphemes = new Intl.Segmenter("vi", { granularity: "grapheme" });
/**
 * `text` cut to fit `maxWidth` with "…". Cut on grapheme boundaries after NFC so a Vietnamese letter is never
 * split from its tone mark (decomposed "ạ" is two code points).
 */
export function fitText(text: string, maxWidth: number, measure: (s: string) => number): string {
  const t = text.normalize("NFC").trim().replace(/\s+/g, " ");
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
  mark: { baseline: number; size: number };
  name: { baseline: number; size: number; maxWidth: number };
};

/*
 * One geometry for the SVG and the PDF so both print the same stamp. The QR box includes the quiet zone, so it
 * may run to the label's edges (the label stock is white); the text goes below it.
 */
export function labelGeometry(widthMm: number, heightMm: number): LabelGeometry {
  const pad = Math.min(1, widthMm * 0.04);
  const inner = widthMm - 2 * pad;
  const codeSize = Math.min(2.2, inner / (CODE_CHARS * MONO_ADVANCE * 1.03));
  const markSize = 2.6;
  const nameSize = 2.2;
  const textH = 1.25 * (codeSize + markSize + nameSize) + pad;
  const side = Math.max(0, Math.min(widthMm, heightMm - textH));
  // Spare height goes evenly above the QR and below the text, so the stamp looks centred.
  const spare = Math.max(0, heightMm - side - textH) / 2;
  const qrY = spare;
  const codeBase = qrY + side + codeSize;
  const markBase = codeBase + 1.25 * markSize;
  const nameBase = markBase + 1.25 * nameSize;
  return {
    widthMm,
    heightMm,
    pad,
    qr: { x: (widthMm - side) / 2, y: qrY, side },
    code: { baseline: codeBase, size: codeSize },
    mark: { baseline: markBase, size: markSize },
    name: { baseline: nameBase, size: nameSize, maxWidth: inner },
  };
}

/** Width of the QR symbol without its quiet zone at the production size (version 4, 33 modules). */
export const qrSymbolMm = (g: LabelGeometry) => (g.qr.side * 33) / (33 + 2 * QUIET_ZONE);
