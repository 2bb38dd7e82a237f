import { formatStampCodeForPrint } from "../../../domain/stamp-code.js";
import { fitName, labelGeometry, nameBaselines, ocopMark, seqLabel, type StampFace } from "./stamp-face.js";
import { QUIET_ZONE, qrMatrix, qrRuns } from "../../../lib/qr.js";

// Font lists rather than embedded fonts: the SVG stays small and any viewer falls back to a close face.
const SANS = "'DejaVu Sans', 'Noto Sans', Arial, Helvetica, sans-serif";
const MONO = "'DejaVu Sans Mono', 'Noto Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace";
// Without the real font metrics, assume a wide sans (DejaVu averages ~0.6 em) so names rarely overflow.
const SANS_ADVANCE = 0.6;

const ENTITY: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" };
const xml = (s: string) => s.replace(/[<>&"']/g, (c) => ENTITY[c] ?? c);
/*
 * The size is given in CSS px (1/96 in), which browsers and print dialogs honour as physical size, rather than
 * in "mm": sharp 0.35 applies its density twice to physical units (a 30 mm wide SVG at density 600 came out
 * 5906 px wide instead of 709), while unitless px scale once, by density / 72.
 */
export const PX_PER_MM = 96 / 25.4;
const n = (v: number) => +v.toFixed(3);

/** One stamp as a standalone SVG whose user units (viewBox) are millimetres; the default label is 30 × 40 mm. */
export function stampSvg(face: StampFace, opts: { widthMm?: number; heightMm?: number } = {}): string {
  const w = opts.widthMm ?? 30;
  const h = opts.heightMm ?? 40;
  const g = labelGeometry(w, h);
  const m = qrMatrix(face.url);
  const module = g.qr.side / (m.size + 2 * QUIET_ZONE);
  let d = "";
  for (const run of qrRuns(m)) d += `M${run.x} ${run.y}h${run.w}v1h-${run.w}z`;
  const name = fitName(face.productName, g.name.maxWidth, g.name, (s, size) => [...s].length * SANS_ADVANCE * size);
  const baselines = nameBaselines(g, name.lines.length);
  const cx = n(w / 2);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(w * PX_PER_MM)}" height="${n(h * PX_PER_MM)}" viewBox="0 0 ${w} ${h}">`,
    `<rect width="${w}" height="${h}" fill="#fff"/>`,
    // Module units inside, scaled once: the path stays integer-only and exact.
    `<path transform="translate(${n(g.qr.x)} ${n(g.qr.y)}) scale(${n(module)})" shape-rendering="crispEdges" fill="#000" d="${d}"/>`,
    `<text x="${cx}" y="${n(g.code.baseline)}" font-family="${MONO}" font-weight="bold" font-size="${n(g.code.size)}" text-anchor="middle">${formatStampCodeForPrint(face.code)}</text>`,
    `<text x="${cx}" y="${n(g.seq.baseline)}" font-family="${SANS}" font-size="${g.seq.size}" text-anchor="middle">${seqLabel(face.seq)}</text>`,
    `<text x="${cx}" y="${n(g.mark.baseline)}" font-family="${SANS}" font-weight="bold" font-size="${g.mark.size}" text-anchor="middle">${ocopMark(face.stars)}</text>`,
    ...name.lines.map((line, i) => `<text x="${cx}" y="${n(baselines[i] as number)}" font-family="${SANS}" font-size="${name.size}" text-anchor="middle">${xml(line)}</text>`),
    `</svg>`,
  ].join("\n");
}
