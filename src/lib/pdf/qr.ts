import { QUIET_ZONE, qrMatrix, qrRuns } from "../qr.js";

/** A QR code as PDF path operators in module units (quiet zone included): what a worker thread can precompute. */
export type QrPath = { modules: number; path: string };

export function qrPath(url: string): QrPath {
  const m = qrMatrix(url);
  let path = "";
  for (const run of qrRuns(m)) path += `${run.x} ${run.y} ${run.w} 1 re\n`;
  return { modules: m.size + 2 * QUIET_ZONE, path };
}

/**
 * Draws the QR code of `url` (or its precomputed path) as vector rectangles, quiet zone included, in a square of
 * `side` points at (x, y). Module units under one scaling, filled once: sharp at any printer resolution, integer
 * coordinates keep the file small, and one content write per code instead of one per rectangle keeps 10,000
 * stamps fast (doc.rect() would format and buffer each of the ~220 rectangles separately).
 */
export function drawQr(doc: PDFKit.PDFDocument, url: string | QrPath, x: number, y: number, side: number): void {
  const q = typeof url === "string" ? qrPath(url) : url;
  const module = side / q.modules;
  doc.save().transform(module, 0, 0, module, x, y).fillColor("black");
  doc.addContent(`${q.path}f`).restore();
}
