import type { StampFace } from "./stamp-face.js";
import { PX_PER_MM, stampSvg } from "./stamp-svg.js";

/**
 * One stamp as a PNG at `dpi` (default 600, what label printers and print shops expect), on white: a
 * transparent background prints black with some label-printer drivers. The dpi is written into the file so
 * the image prints at its real size.
 */
export async function stampPng(face: StampFace, opts: { dpi?: number; widthMm?: number; heightMm?: number } = {}): Promise<Buffer> {
  const dpi = opts.dpi ?? 600;
  const widthMm = opts.widthMm ?? 30;
  const heightMm = opts.heightMm ?? 40;
  const svg = stampSvg(face, { widthMm, heightMm });
  // sharp takes unitless SVG sizes as 72 dpi pixels; the SVG's are CSS pixels (96 dpi).
  const density = (dpi * 72) / (PX_PER_MM * 25.4);
  const width = Math.round((widthMm / 25.4) * dpi);
  const height = Math.round((heightMm / 25.4) * dpi);
  // Imported here, not at load: sharp resolves its native binary when imported, which the Worker bundle cannot.
  const { default: sharp } = await import("sharp");
  return sharp(Buffer.from(svg), { density })
    // Rounding can leave the render a pixel off the exact size; this only snaps it.
    .resize(width, height, { fit: "fill" })
    .flatten({ background: "#ffffff" })
    .withDensity(dpi)
    .png()
    .toBuffer();
}
