/*
 * The QR mask choice of ISO/IEC 18004 §7.8.3, computed on typed arrays.
 *
 * `qrcode` tries the eight masks through BitMatrix.get() calls, about 85% of its time per symbol: for a sheet of
 * 10,000 stamps, seconds of the download. Here the symbol is encoded once with mask 0, unmasked, and each mask is
 * scored with the library's own penalty rules (N1–N4, the same weights and the same tie-break: the lowest pattern
 * wins), so the chosen mask and the final modules are exactly those `qrcode` would produce (tested against it).
 */

const N1 = 3;
const N2 = 3;
const N3 = 40;
const N4 = 10;

/** Whether mask pattern `p` darkens-inverts the module at (row i, column j) — the standard's eight conditions. */
function maskAt(p: number, i: number, j: number): boolean {
  switch (p) {
    case 0: return (i + j) % 2 === 0;
    case 1: return i % 2 === 0;
    case 2: return j % 3 === 0;
    case 3: return (i + j) % 3 === 0;
    case 4: return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5: return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6: return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default: return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

/** The eight patterns as 0/1 arrays for one symbol size, computed once per size. */
const patternsBySize = new Map<number, Uint8Array[]>();
function patterns(size: number): Uint8Array[] {
  let found = patternsBySize.get(size);
  if (!found) {
    found = Array.from({ length: 8 }, (_, p) => {
      const a = new Uint8Array(size * size);
      for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) a[i * size + j] = maskAt(p, i, j) ? 1 : 0;
      return a;
    });
    patternsBySize.set(size, found);
  }
  return found;
}

/** The 15 format bits for an error-correction level's 2-bit indicator and a mask (BCH(15,5), XOR 0x5412). */
export function formatBits(eclBit: number, mask: number): number {
  const data = (eclBit << 3) | mask;
  let d = data << 10;
  const G15 = 0b10100110111;
  for (let shift = 4; shift >= 0; shift--) if (d & (1 << (shift + 10))) d ^= G15 << shift;
  return ((data << 10) | d) ^ 0b101010000010010;
}

/** Where the 15 format bits sit (both copies), in the order qrcode's setupFormatInfo writes them. */
function formatCells(size: number): [number[], number[]] {
  const vertical: number[] = [];
  const horizontal: number[] = [];
  for (let i = 0; i < 15; i++) {
    vertical.push(i < 6 ? i * size + 8 : i < 8 ? (i + 1) * size + 8 : (size - 15 + i) * size + 8);
    horizontal.push(i < 8 ? 8 * size + (size - i - 1) : i < 9 ? 8 * size + (15 - i) : 8 * size + (15 - i - 1));
  }
  return [vertical, horizontal];
}

/** N1 (runs of five or more) and N3 (finder-like 1:1:3:1:1 with four light modules) along the rows of `m`. */
function linePenalty(m: Uint8Array, size: number): number {
  let points = 0;
  let finders = 0;
  for (let row = 0, base = 0; row < size; row++, base += size) {
    let run = 0;
    let last = -1;
    let bits = 0;
    for (let col = 0; col < size; col++) {
      const v = m[base + col]!;
      if (v === last) run++;
      else {
        if (run >= 5) points += N1 + run - 5;
        last = v;
        run = 1;
      }
      bits = ((bits << 1) & 0x7ff) | v;
      if (col >= 10 && (bits === 0x5d0 || bits === 0x05d)) finders++;
    }
    if (run >= 5) points += N1 + run - 5;
  }
  return points + finders * N3;
}

function penalty(m: Uint8Array, t: Uint8Array, size: number): number {
  // Columns are scored as the rows of the transpose `t`, so both passes read memory in order.
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) t[c * size + r] = m[r * size + c]!;
  let points = linePenalty(m, size) + linePenalty(t, size);
  // N2: 2×2 blocks of one colour; N4: how far the dark share is from 50%, in steps of 5%.
  let blocks = 0;
  let dark = 0;
  for (let r = 0; r < size - 1; r++) {
    const k0 = r * size;
    let left = m[k0]! + m[k0 + size]!;
    for (let c = 1; c < size; c++) {
      const right = m[k0 + c]! + m[k0 + size + c]!;
      const s = left + right;
      if (s === 0 || s === 4) blocks++;
      left = right;
    }
  }
  for (let k = 0; k < m.length; k++) dark += m[k]!;
  points += blocks * N2;
  points += Math.abs(Math.ceil((dark * 100) / m.length / 5) - 10) * N4;
  return points;
}

/**
 * Given the modules of a symbol drawn with mask `drawnWith` (and its format bits), and which modules are function
 * patterns, returns the modules as drawn with the best mask (lowest penalty, lowest pattern on a tie).
 */
export function withBestMask(modules: Uint8Array, reserved: Uint8Array, size: number, eclBit: number, drawnWith: number): { mask: number; modules: Uint8Array } {
  const masks = patterns(size);
  const [vertical, horizontal] = formatCells(size);
  // The data modules without any mask: function patterns stay as they are.
  const plain = new Uint8Array(modules);
  const undo = masks[drawnWith]!;
  for (let k = 0; k < plain.length; k++) if (!reserved[k]) plain[k] = plain[k]! ^ undo[k]!;
  let best = -1;
  let bestScore = Infinity;
  let bestModules = plain;
  const trial = new Uint8Array(plain.length);
  const transposed = new Uint8Array(plain.length);
  for (let p = 0; p < 8; p++) {
    const mask = masks[p]!;
    for (let k = 0; k < trial.length; k++) trial[k] = reserved[k] ? plain[k]! : plain[k]! ^ mask[k]!;
    const bits = formatBits(eclBit, p);
    for (let i = 0; i < 15; i++) {
      const bit = (bits >> i) & 1;
      trial[vertical[i]!] = bit;
      trial[horizontal[i]!] = bit;
    }
    trial[(size - 8) * size + 8] = 1;
    const score = penalty(trial, transposed, size);
    if (score < bestScore) {
      bestScore = score;
      best = p;
      bestModules = new Uint8Array(trial);
    }
  }
  return { mask: best, modules: bestModules };
}
