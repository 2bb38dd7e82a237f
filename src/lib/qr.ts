import QRCode from "qrcode";
import { withBestMask } from "./qr-mask.js";

/** White modules around the symbol, as ISO/IEC 18004 requires for reliable scanning. */
export const QUIET_ZONE = 4;

export type QrMatrix = { size: number; dark(row: number, col: number): boolean };

/*
 * Level M (15% recovery) keeps the production URL at version 4 (33×33) so modules stay large on a 30 mm
 * label, while a scratch or a smudge from handling still scans.
 */
export function qrMatrix(url: string): QrMatrix {
  // Encoded once with a fixed mask, then the best mask chosen on typed arrays (qr-mask.ts): the same symbol as
  // `QRCode.create(url)`, several times faster.
  const { modules } = QRCode.create(url, { errorCorrectionLevel: "M", maskPattern: 0 });
  const { size } = modules;
  const best = withBestMask(modules.data, modules.reservedBit, size, LEVEL_M_BITS, 0).modules;
  return { size, dark: (r, c) => best[r * size + c] !== 0 };
}

/** The error-correction level's 2-bit indicator in the format information (L 01, M 00, Q 11, H 10). */
const LEVEL_M_BITS = 0;

/**
 * The dark modules as horizontal runs, in module units with the quiet zone already added. Runs instead of one
 * square per module: about a third of the drawing operations, and no hairline seams between adjacent squares
 * when a renderer anti-aliases each one separately.
 */
export function* qrRuns(m: QrMatrix): Generator<{ x: number; y: number; w: number }> {
  for (let r = 0; r < m.size; r++) {
    for (let c = 0; c < m.size; ) {
      if (!m.dark(r, c)) { c++; continue; }
      const start = c;
      while (c < m.size && m.dark(r, c)) c++;
      yield { x: start + QUIET_ZONE, y: r + QUIET_ZONE, w: c - start };
    }
  }
}
