/**
 * Points ↔ integer tenths, the one conversion: the evaluation tables store tenths, the rubric loader and the
 * sheet scorer sum in tenths so that sums of half points (should a version print them) compare exactly.
 * Rubric points are multiples of 0.1 (the loader checks), so the rounding only absorbs binary floating-point
 * noise, never a real fraction.
 */
export const tenths = (points: number): number => Math.round(points * 10);
export const points = (t: number): number => t / 10;
