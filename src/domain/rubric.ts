import type { Bilingual } from "../lib/i18n.js";

/**
 * One criteria set (bộ tiêu chí, kiêm phiếu đánh giá) of a legal version, as stored in
 * src/modules/rubrics/data/<version>/set-NN.json. The JSON files are the source of truth at runtime; they were
 * generated from the decision text by scripts/build-rubrics.ts and checked by hand.
 *
 * The decision's tables are not a fixed three-level tree: most criteria have sub-criteria with options
 * ("1.1. Nguồn gốc sản phẩm"), some criteria carry options directly ("7. DINH DƯỠNG"), and the tea and
 * coffee sets nest a third level ("6.1.1. Tạp chất" under "6.1. Ngoại hình"). So a criterion node has
 * either `options` (it is a scored item, one box ticked per sheet) or `subCriteria` (its points are the
 * sum of its children), never both. "Scored item" below means a node with options.
 */

export const STAR_LEVELS = [3, 4, 5] as const;
export type StarLevel = (typeof STAR_LEVELS)[number];

export type RubricOption = {
  /** "<node id>.<letter>", e.g. "1.5.c". */
  id: string;
  /** Verbatim option text, without the box and without the star marks. */
  text: string;
  points: number;
  /** Printed "***", "****", "*****" after the option: the minimum a product must reach in this item for that star level. */
  minStar?: StarLevel;
  /** For items whose options are split into cases ("Lựa chọn một trong hai trường hợp sau"), the case this option belongs to. */
  group?: string;
  /**
   * The decision prints the item with its points but no options (a yes/no item such as "2.4. Ghi nhãn … song ngữ | 1").
   * The generator then supplies "Không" (0) and "Có" (the item's points); this flag says the wording is ours.
   */
  implied?: true;
};

export type OptionGroup = { id: string; title: string };

export type CriterionNode = {
  /** Printed number: "1", "1.1", "6.1.1". */
  id: string;
  /** Verbatim heading text without its number (may include the printed parenthetical explanation). */
  title: string;
  titleEn?: string;
  maxPoints: number;
  /** Text of a "Yêu cầu:" row or inline "Yêu cầu:" clause, without the "Yêu cầu:" label. */
  requirement?: string;
  /** Other unscored rows printed inside the item, verbatim and in order ("Ghi chú: …", "Chú ý: …", "Chỉ áp dụng khi …"). */
  notes?: string[];
  optionGroups?: OptionGroup[];
  options?: RubricOption[];
  subCriteria?: CriterionNode[];
  /**
   * A stop rule printed in the item's notes ("… sẽ không đánh giá các bước tiếp theo", "Không xem xét các chỉ tiêu
   * khác nếu …"): once it fires, every scored item printed after this one is not assessed and scores 0.
   * `trigger: "declared"`: the condition is not one of the printed options (unacceptable impurities), so the
   * assessor records it with the reserved choice STOP_ASSESSMENT on this item. `trigger: "zero"`: it fires when
   * one of the `watch` items (this item, or "the items above" of the same criterion) is answered with 0 points
   * (a 0-point option or "none applies"). The note text itself stays in `notes`.
   */
  stop?: { trigger: "declared" | "zero"; watch: string[] };
  /** A conditional item ("Chỉ áp dụng khi có câu chuyện sản phẩm"): assessed only when `item` is answered with more than 0 points; otherwise it is not assessed and scores 0. */
  appliesWhen?: { item: string };
};

/**
 * Reserved choice ids, valid beside the printed options (option ids are "<item>.<letter>", so they cannot clash).
 * NONE_APPLIES ("không có phương án phù hợp"): the assessor finds that no printed option applies; 0 points, below
 * every star minimum, and like any withheld points it needs a note. A blank item is still "not scored".
 * STOP_ASSESSMENT: the assessor records that the condition of an item's declared stop rule holds; 0 points.
 */
export const NONE_APPLIES = "none";
export const STOP_ASSESSMENT = "stop";
export const NONE_APPLIES_TEXT = { vi: "Không có phương án phù hợp", en: "None applies" } as const;
export const STOP_TEXT = { vi: "Có điều kiện dừng đánh giá (không đánh giá các tiêu chí tiếp theo)", en: "The stop condition holds (later items are not assessed)" } as const;

/** The option a choice id stands for on an item: a printed option, or one of the reserved 0-point choices the item allows. */
export function optionOf(item: CriterionNode & { options: RubricOption[] }, choiceId: string): RubricOption | undefined {
  if (choiceId === NONE_APPLIES) return { id: NONE_APPLIES, text: NONE_APPLIES_TEXT.vi, points: 0, implied: true };
  if (choiceId === STOP_ASSESSMENT) return item.stop?.trigger === "declared" ? { id: STOP_ASSESSMENT, text: STOP_TEXT.vi, points: 0, implied: true } : undefined;
  return item.options.find((o) => o.id === choiceId);
}

export type EliminationRule = {
  id: string;
  vi: string;
  en?: string;
  /** Set when the rule is printed as a note inside a criterion ("Ghi chú: Bị loại nếu …") rather than in the sheet's header. */
  criterionId?: string;
};

export type RubricPart = {
  id: "A" | "B" | "C";
  title: { vi: string; en?: string };
  maxPoints: number;
  criteria: CriterionNode[];
};

export type RubricFile = {
  version: string;
  legalBasis: Bilingual;
  effectiveFrom: string;
  effectiveTo: string | null;
  setId: number;
  title: Bilingual;
  /** The "(Sản phẩm: …. Nhóm: …)" line under the set's title, verbatim. */
  classification: string;
  /** The sheet's own legend for the star marks, verbatim; null when the sheet prints none (set 26). */
  starLegend: string | null;
  eliminationRules: EliminationRule[];
  parts: RubricPart[];
  totalPoints: number;
  /** Where this file departs from the printed text (misprints corrected), so a reader can check the choice. */
  transcriptionNotes?: string[];
};

/** Every node of a part, depth first, parents before children. */
export function* walkNodes(nodes: readonly CriterionNode[]): Generator<CriterionNode> {
  for (const n of nodes) {
    yield n;
    if (n.subCriteria) yield* walkNodes(n.subCriteria);
  }
}

/** The items a sheet ticks one option in, in printed order, with the part they belong to. */
export function scoredItems(rubric: RubricFile): Array<{ part: RubricPart["id"]; item: CriterionNode & { options: RubricOption[] } }> {
  const out: Array<{ part: RubricPart["id"]; item: CriterionNode & { options: RubricOption[] } }> = [];
  for (const part of rubric.parts) {
    for (const n of walkNodes(part.criteria)) if (n.options) out.push({ part: part.id, item: n as CriterionNode & { options: RubricOption[] } });
  }
  return out;
}
