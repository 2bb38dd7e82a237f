import PDFDocument from "pdfkit";
import { formatStampCodeForPrint } from "../../../domain/stamp-code.js";
import { registerStampFonts, STAMP_FONT } from "./pdf-fonts.js";
import { PT_PER_MM, sheetGrid, sheetLayoutSchema, type SheetGrid, type SheetLayoutInput } from "./sheet-layout.js";
import { drawQr, type QrPath } from "../../../lib/pdf/qr.js";
import { withQrPaths } from "../../../lib/pdf/qr-pool.js";
import { fitName, labelGeometry, nameBaselines, ocopMark, seqLabel, type LabelGeometry, type StampFace } from "./stamp-face.js";

const CROP_MARK_MM = 3;
const CROP_OFFSET_MM = 0.5;

/**
 * A print-ready PDF of stamps, streamed: `faces` is pulled one label at a time while pages are written, so a
 * batch of 10,000 never sits in memory. The document is returned at once and filled in the background; pipe
 * it somewhere. Failures of the iterable destroy the stream with that error. Throws at once (a bilingual
 * ZodError) for a layout in which no label fits.
 */
export function stampSheetPdf(faces: AsyncIterable<StampFace>, layout: SheetLayoutInput = { kind: "a4-grid" }): PDFKit.PDFDocument {
  const l = sheetLayoutSchema.parse(layout);
  const grid = sheetGrid(l);
  const doc = new PDFDocument({ size: [grid.pageWidthPt, grid.pageHeightPt], margin: 0, autoFirstPage: false, info: { Title: "Tem truy xuất OCOP", Creator: "OCOP Hà Tĩnh", Producer: "OCOP Hà Tĩnh" }, lang: "vi-VN" });
  registerStampFonts(doc);
  const waitForReader = backpressure(doc);
  const crop = l.kind === "a4-grid" && l.cutMarks ? { gapMm: l.gapMm } : null;
  const g = labelGeometry(l.labelWidthMm, l.labelHeightMm);
  // A batch prints one product: its name is fitted once, not once per stamp.
  const names = new Map<string, ReturnType<typeof fitName>>();
  const fitted = (name: string) => {
    let f = names.get(name);
    if (!f) {
      doc.font(STAMP_FONT.regular);
      f = fitName(name, g.name.maxWidth, g.name, (s, size) => doc.fontSize(size * PT_PER_MM).widthOfString(s) / PT_PER_MM);
      if (names.size > 100) names.clear();
      names.set(name, f);
    }
    return f;
  };

  // Widths of the strings every label of a batch repeats (its OCOP mark, its name's lines), measured once.
  const widths = new Map<string, number>();
  const widthOf = (text: string, font: string, sizePt: number, repeated: boolean) => {
    if (!repeated) return doc.widthOfString(text);
    const key = `${font}|${sizePt}|${text}`;
    let w = widths.get(key);
    if (w === undefined) {
      if (widths.size > 1000) widths.clear();
      widths.set(key, (w = doc.widthOfString(text)));
    }
    return w;
  };

  void (async () => {
    let i = 0;
    // The QR symbols are encoded on worker threads a few hundred labels ahead of this loop (qr-pool.ts).
    for await (const face of withQrPaths(faces)) {
      // The reader went away (a closed download): stop pulling, which also ends the generator.
      if (doc.destroyed) return;
      const slot = i++ % grid.perPage;
      if (slot === 0) {
        // pdfkit writes the finished page out on addPage: let the reader catch up first.
        await waitForReader();
        if (doc.destroyed) return;
        doc.addPage({ size: [grid.pageWidthPt, grid.pageHeightPt], margin: 0 });
      }
      const cell = grid.cells[slot] as SheetGrid["cells"][number];
      drawLabel(doc, face, fitted(face.productName), cell.x, cell.y, grid, g, widthOf);
      if (crop) cropMarks(doc, cell.x, cell.y, grid, crop.gapMm);
    }
    // A PDF needs at least one page; an empty batch yields a blank one rather than a broken file.
    if (i === 0) doc.addPage({ size: [grid.pageWidthPt, grid.pageHeightPt], margin: 0 });
    if (!doc.destroyed) doc.end();
  })().catch((err: unknown) => doc.destroy(err instanceof Error ? err : new Error(String(err))));

  return doc;
}

/*
 * pdfkit pushes into its Readable without looking at push()'s return value, so a slow reader (a phone on 3G
 * downloading 10,000 stamps) would make the whole file pile up in memory. Readable calls _read once its buffer
 * drains below the high-water mark: wait for that between pages.
 */
function backpressure(doc: PDFKit.PDFDocument): () => Promise<void> {
  let wake: (() => void) | undefined;
  const release = () => {
    wake?.();
    wake = undefined;
  };
  doc._read = release;
  doc.once("close", release);
  return () => (doc.readableLength < doc.readableHighWaterMark || doc.destroyed ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve)));
}

function drawLabel(doc: PDFKit.PDFDocument, face: StampFace & { qr?: QrPath }, name: ReturnType<typeof fitName>, x0: number, y0: number, grid: SheetGrid, g: LabelGeometry, widthOf: (text: string, font: string, sizePt: number, repeated: boolean) => number): void {
  const mm = (v: number) => v * PT_PER_MM;
  drawQr(doc, face.qr ?? face.url, x0 + mm(g.qr.x), y0 + mm(g.qr.y), mm(g.qr.side));

  const centred = (text: string, font: string, sizeMm: number, baselineMm: number, repeated = false) => {
    doc.font(font).fontSize(mm(sizeMm));
    const w = widthOf(text, font, mm(sizeMm), repeated);
    // No width option: with one, pdfkit's line wrapper may start a new page near the bottom edge.
    doc.text(text, x0 + (grid.labelWidthPt - w) / 2, y0 + mm(baselineMm), { lineBreak: false, baseline: "alphabetic" });
  };
  centred(formatStampCodeForPrint(face.code), STAMP_FONT.mono, g.code.size, g.code.baseline);
  centred(seqLabel(face.seq), STAMP_FONT.regular, g.seq.size, g.seq.baseline);
  centred(ocopMark(face.stars), STAMP_FONT.bold, g.mark.size, g.mark.baseline, true);
  const baselines = nameBaselines(g, name.lines.length);
  name.lines.forEach((line, i) => centred(line, STAMP_FONT.regular, name.size, baselines[i] as number, true));
}

/*
 * Short marks continuing each label edge outward from its corners, offset from the corner so a slightly
 * inaccurate cut does not leave ink on the label. Between labels a mark takes at most half the gap so the marks
 * of neighbours never meet; with no gap there is no room outside the label and marks only go into the margins.
 */
function cropMarks(doc: PDFKit.PDFDocument, x: number, y: number, grid: SheetGrid, gapMm: number): void {
  const off = CROP_OFFSET_MM * PT_PER_MM;
  const w = grid.labelWidthPt;
  const h = grid.labelHeightPt;
  const room = (towardEdge: number, neighbour: boolean) => Math.min(CROP_MARK_MM * PT_PER_MM, (neighbour ? (gapMm * PT_PER_MM) / 2 : towardEdge) - off);
  const first = grid.cells[0] as { x: number; y: number };
  const left = room(x, x > first.x + 0.01);
  const top = room(y, y > first.y + 0.01);
  const right = room(grid.pageWidthPt - x - w, x < lastX(grid) - 0.01);
  const bottom = room(grid.pageHeightPt - y - h, y < lastY(grid) - 0.01);
  for (const [cx, cy, sx, sy] of [[x, y, -1, -1], [x + w, y, 1, -1], [x, y + h, -1, 1], [x + w, y + h, 1, 1]] as const) {
    const horiz = sx < 0 ? left : right;
    const vert = sy < 0 ? top : bottom;
    if (horiz > 0.5) doc.moveTo(cx + sx * off, cy).lineTo(cx + sx * (off + horiz), cy);
    if (vert > 0.5) doc.moveTo(cx, cy + sy * off).lineTo(cx, cy + sy * (off + vert));
  }
  doc.lineWidth(0.25).strokeColor("black").stroke();
}

const lastX = (g: SheetGrid) => (g.cells[g.columns - 1] as { x: number }).x;
const lastY = (g: SheetGrid) => (g.cells[g.cells.length - 1] as { y: number }).y;
