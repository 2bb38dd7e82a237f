import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import sharp, { type Sharp } from "sharp";

/*
 * Reading QR codes back the way a phone would, with tools that share no code with our encoder: jsQR decodes
 * pixels that poppler's pdftoppm (PDF) or librsvg through sharp (SVG) rendered.
 */

/** The QR payload in an encoded image (or a region of it), or null. */
export async function decodeQr(image: Sharp): Promise<string | null> {
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ?? null;
}

export const tmpDir = (prefix = "qr-") => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** Page PNGs from pdftoppm, in page order (it zero-pads the page number to the page count's width). */
export function rasterisePdf(pdf: string, dpi: number): string[] {
  const prefix = pdf.replace(/\.pdf$/, "");
  execFileSync("pdftoppm", ["-r", String(dpi), "-png", pdf, prefix]);
  const dir = path.dirname(pdf);
  const base = path.basename(prefix);
  return fs.readdirSync(dir).filter((f) => f.startsWith(base + "-") && f.endsWith(".png")).sort().map((f) => path.join(dir, f));
}

/** Every page of PDF bytes decoded as a whole page (one QR per page). */
export async function decodePdfPages(bytes: Uint8Array, dpi = 150): Promise<(string | null)[]> {
  const dir = tmpDir();
  const file = path.join(dir, "doc.pdf");
  fs.writeFileSync(file, bytes);
  const out: (string | null)[] = [];
  for (const page of rasterisePdf(file, dpi)) out.push(await decodeQr(sharp(page)));
  return out;
}

/** The text of a PDF as pdftotext extracts it (UTF-8). */
export function pdfText(bytes: Uint8Array): string {
  const dir = tmpDir();
  const file = path.join(dir, "doc.pdf");
  fs.writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString("utf8");
}
