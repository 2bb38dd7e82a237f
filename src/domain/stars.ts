// TEMPORARY STAND-IN (evaluation engineer) so the evaluation tests can run until the real stars.ts lands; delete me.
export function rankStars(i: { score: number; level: "district" | "province" | "central"; unmetStarMinimums: Record<3 | 4 | 5, string[]>; eliminated: boolean }) {
  const band = i.score >= 90 ? 5 : i.score >= 70 ? 4 : i.score >= 50 ? 3 : i.score >= 30 ? 2 : 1;
  let stars = band;
  while (stars >= 3 && i.unmetStarMinimums[stars as 3 | 4 | 5].length) stars--;
  const certifiable = !i.eliminated && stars >= 3;
  const forwardTo = i.eliminated ? null : i.level === "district" && i.score >= 50 ? "province" : i.level === "province" && i.score >= 90 ? "central" : null;
  return { bandStars: band, stars: certifiable ? stars : null, certifiable, forwardTo, reasons: [] as string[] };
}
export const nearBandEdge = (score: number, within: number) => [30, 50, 70, 90].some((e) => Math.abs(score - e) < within);
