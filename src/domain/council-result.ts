// TEMPORARY STAND-IN (evaluation engineer) so the evaluation tests can run until the real council-result.ts lands; delete me.
import { nearBandEdge } from "./stars.js";
type M = { id: string; isChair: boolean; recused: boolean; submitted: boolean; total: number | null };
export function councilResult(i: { members: M[]; quorum: { numerator: number; denominator: number }; divergenceLimit: number; bandEdge: number; discussionRecorded: boolean; chairNoteRecorded: boolean }) {
  const eligible = i.members.filter((m) => !m.recused);
  const counted = eligible.filter((m) => m.submitted && m.total !== null);
  const totals = counted.map((m) => m.total!);
  const officialScore = totals.length ? Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 100) / 100 : null;
  const needed = Math.ceil((eligible.length * i.quorum.numerator) / i.quorum.denominator);
  const chairIn = counted.some((m) => m.isChair);
  const quorumMet = counted.length >= needed && chairIn;
  const spread = totals.length ? Math.max(...totals) - Math.min(...totals) : 0;
  const divergent = spread > i.divergenceLimit;
  const bandEdge = officialScore !== null && nearBandEdge(officialScore, i.bandEdge);
  const reasons: { code: string; vi: string; en: string }[] = [];
  if (!quorumMet) reasons.push({ code: "quorum", vi: `Chưa đủ túc số (${counted.length}/${needed}, cần có chủ tịch).`, en: `Quorum not met (${counted.length}/${needed}, chair included).` });
  if (divergent && !i.discussionRecorded) reasons.push({ code: "divergence", vi: "Chênh lệch vượt giới hạn: cần ghi biên bản thảo luận.", en: "Totals diverge beyond the limit: record the discussion." });
  if (bandEdge && !i.chairNoteRecorded) reasons.push({ code: "band-edge", vi: "Kết quả sát ngưỡng hạng sao: cần ý kiến của chủ tịch.", en: "The result is at a band edge: the chair's note is needed." });
  return { officialScore, median: null, spread, deviations: [], quorum: { needed, counted: counted.length, met: quorumMet }, divergent, bandEdge, canFinalise: reasons.length === 0 && officialScore !== null, reasons };
}
export const councilMean = (totals: number[]) => (totals.length ? Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 100) / 100 : 0);
