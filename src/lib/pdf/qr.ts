import { QUIET_ZONE, qrMatrix, qrRuns } from "../qr.js";

/**
 * Draws the QR code of `url` as vector rectangles, quiet zone included, in a square of `side` points at (x, y).
 * Module units under one scaling, filled once: sharp at any printer resolution, integer coordinates keep the
 * file small, and one content write per code instead of one per rectangle keeps 10,000 stamps fast
 * (doc.rect() would format and buffer each of the ~220 rectangles separately).
 */
export function drawQr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, side: number): void {
  const m = qrMatrix(url);
  const module = side / (m.size + 2 * QUIET_ZONE);
  let path = "";
  for (const run of qrRuns(m)) path += `${run.x} ${run.y} ${run.w} 1 re\n`;
  doc.save().transform(module, 0, 0, module, x, y).fillColor("black");
  doc.addContent(`${path}f`).restore();
}
