import { z } from "zod";
import { labelGeometry, qrSymbolMm } from "./stamp-face.js";

export const PT_PER_MM = 72 / 25.4;
/** A4 in points, exactly as pdfkit sizes it. */
export const A4_PT = { width: 595.28, height: 841.89 } as const;
/** Smallest QR symbol phones scan reliably from arm's length on a product. */
export const MIN_QR_MM = 15;

const labelMm = {
  labelWidthMm: z.number().positive().max(1000).default(30),
  labelHeightMm: z.number().positive().max(1000).default(40),
};

/*
 * a4-grid: sheet label stock, or plain paper cut by hand. The grid is anchored at the top-left margin rather
 * than centred, because die-cut sheets are specified as "margin + pitch" and must line up with the print.
 * Defaults (30×40 mm, 10 mm margin, 2 mm gap) give 6 × 6 = 36 stamps per page.
 */
export const a4GridLayoutSchema = z.object({
  kind: z.literal("a4-grid"),
  ...labelMm,
  marginMm: z.number().min(0).default(10),
  gapMm: z.number().min(0).default(2),
  cutMarks: z.boolean().default(true),
});

/*
 * roll: one label per page for thermal label printers. gapMm is added below the label for drivers that feed
 * continuous media; it defaults to 0 because gap-sensing printers find the next label themselves and a page
 * taller than the label would spill onto it.
 */
export const rollLayoutSchema = z.object({
  kind: z.literal("roll"),
  ...labelMm,
  gapMm: z.number().min(0).default(0),
});

const bilingual = (vi: string, en: string) => `${vi} | ${en}`;

export const sheetLayoutSchema = z.discriminatedUnion("kind", [a4GridLayoutSchema, rollLayoutSchema]).superRefine((layout, ctx) => {
  const problem = layoutProblem(layout);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export type SheetLayout = z.output<typeof sheetLayoutSchema>;
export type SheetLayoutInput = z.input<typeof sheetLayoutSchema>;

/** Label origins (top-left, pdfkit's y-down points) on one page; the same for every page of the sheet. */
export type SheetGrid = {
  pageWidthPt: number;
  pageHeightPt: number;
  labelWidthPt: number;
  labelHeightPt: number;
  columns: number;
  rows: number;
  perPage: number;
  cells: { x: number; y: number }[];
};

// A hair of tolerance: 6 × 30 + 5 × 2 = 190 mm must count as fitting 190 mm despite floating point.
const fitCount = (spaceMm: number, sizeMm: number, gapMm: number) => Math.max(0, Math.floor((spaceMm + gapMm + 1e-6) / (sizeMm + gapMm)));

function layoutProblem(l: SheetLayout): string | null {
  const qr = qrSymbolMm(labelGeometry(l.labelWidthMm, l.labelHeightMm));
  if (qr < MIN_QR_MM) {
    return bilingual(
      `Nhãn ${l.labelWidthMm}×${l.labelHeightMm} mm quá nhỏ: mã QR chỉ còn ${qr.toFixed(1)} mm, cần ít nhất ${MIN_QR_MM} mm.`,
      `A ${l.labelWidthMm}×${l.labelHeightMm} mm label is too small: the QR code would be ${qr.toFixed(1)} mm, at least ${MIN_QR_MM} mm is needed.`,
    );
  }
  if (l.kind === "a4-grid") {
    const { columns, rows } = a4Counts(l);
    if (columns < 1 || rows < 1) {
      return bilingual(
        `Không xếp được nhãn ${l.labelWidthMm}×${l.labelHeightMm} mm nào lên trang A4 với lề ${l.marginMm} mm.`,
        `Not even one ${l.labelWidthMm}×${l.labelHeightMm} mm label fits on an A4 page with ${l.marginMm} mm margins.`,
      );
    }
  }
  return null;
}

function a4Counts(l: z.output<typeof a4GridLayoutSchema>) {
  const w = A4_PT.width / PT_PER_MM - 2 * l.marginMm;
  const h = A4_PT.height / PT_PER_MM - 2 * l.marginMm;
  return { columns: fitCount(w, l.labelWidthMm, l.gapMm), rows: fitCount(h, l.labelHeightMm, l.gapMm) };
}

/** Validates (with the defaults filled in) and lays out; throws the bilingual ZodError for an impossible layout. */
export function sheetGrid(input: SheetLayoutInput): SheetGrid {
  const l = sheetLayoutSchema.parse(input);
  const labelWidthPt = l.labelWidthMm * PT_PER_MM;
  const labelHeightPt = l.labelHeightMm * PT_PER_MM;
  if (l.kind === "roll") {
    return { pageWidthPt: labelWidthPt, pageHeightPt: (l.labelHeightMm + l.gapMm) * PT_PER_MM, labelWidthPt, labelHeightPt, columns: 1, rows: 1, perPage: 1, cells: [{ x: 0, y: 0 }] };
  }
  const { columns, rows } = a4Counts(l);
  const cells: SheetGrid["cells"] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      cells.push({ x: (l.marginMm + c * (l.labelWidthMm + l.gapMm)) * PT_PER_MM, y: (l.marginMm + r * (l.labelHeightMm + l.gapMm)) * PT_PER_MM });
    }
  }
  return { pageWidthPt: A4_PT.width, pageHeightPt: A4_PT.height, labelWidthPt, labelHeightPt, columns, rows, perPage: cells.length, cells };
}
