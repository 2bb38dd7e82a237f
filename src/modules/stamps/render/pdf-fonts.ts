import { createRequire } from "node:module";

/*
 * The same DejaVu files as ../../evaluation/pdf/fonts.ts (resolved from node_modules, never from the OS, so ★
 * and every Vietnamese letter render identically on every server), plus DejaVu Sans Mono: the stamp code is
 * read character by character, and a fixed pitch keeps its five groups aligned. Kept separate because the
 * stamp sheets need page sizes and margins that newDocument() does not offer.
 */

export const STAMP_FONT = { regular: "DejaVu", bold: "DejaVu-Bold", mono: "DejaVuMono-Bold" } as const;

let paths: Record<keyof typeof STAMP_FONT, string> | undefined;
export function stampFontPaths() {
  // createRequire here, not at load: import.meta.url is undefined where this is bundled into the Worker.
  const require = createRequire(import.meta.url);
  paths ??= {
    regular: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"),
    bold: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"),
    mono: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSansMono-Bold.ttf"),
  };
  return paths;
}

export function registerStampFonts(doc: PDFKit.PDFDocument): void {
  const p = stampFontPaths();
  for (const k of Object.keys(STAMP_FONT) as (keyof typeof STAMP_FONT)[]) doc.registerFont(STAMP_FONT[k], p[k]);
}
