import { z } from "zod";
import type { Bilingual } from "../../lib/i18n.js";

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

const bilingual = z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict();
/** English is welcome but the decision gives only Vietnamese, so it may be missing below set level. */
const viMaybeEn = z.object({ vi: z.string().min(1), en: z.string().min(1).optional() }).strict();

/** Points are whole in QĐ 26/2026; tenths are allowed so a later version with half points needs no schema change. */
const points = z
  .number()
  .min(0)
  .refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, { message: "points must be a multiple of 0.1" });

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
};

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

const optionSchema = z
  .object({
    id: z.string().min(1),
    text: z.string().min(1),
    points,
    minStar: z.union([z.literal(3), z.literal(4), z.literal(5)]).optional(),
    group: z.string().min(1).optional(),
    implied: z.literal(true).optional(),
  })
  .strict();

const nodeSchema: z.ZodType<CriterionNode> = z.lazy(() =>
  z
    .object({
      id: z.string().regex(/^\d+(\.\d+)*$/),
      title: z.string().min(1),
      titleEn: z.string().min(1).optional(),
      maxPoints: points,
      requirement: z.string().min(1).optional(),
      notes: z.array(z.string().min(1)).optional(),
      optionGroups: z.array(z.object({ id: z.string().min(1), title: z.string().min(1) }).strict()).optional(),
      options: z.array(optionSchema).optional(),
      subCriteria: z.array(nodeSchema).optional(),
    })
    .strict(),
);

export const rubricFileSchema = z
  .object({
    version: z.string().regex(/^[a-z0-9-]+$/),
    legalBasis: bilingual,
    effectiveFrom: z.iso.date(),
    effectiveTo: z.iso.date().nullable(),
    setId: z.number().int().min(1),
    title: bilingual,
    classification: z.string().min(1),
    starLegend: z.string().min(1).nullable(),
    eliminationRules: z.array(
      z.object({ id: z.string().min(1), vi: z.string().min(1), en: z.string().min(1).optional(), criterionId: z.string().optional() }).strict(),
    ),
    parts: z.array(
      z
        .object({
          id: z.enum(["A", "B", "C"]),
          title: viMaybeEn,
          maxPoints: points,
          criteria: z.array(nodeSchema),
        })
        .strict(),
    ),
    totalPoints: points,
    transcriptionNotes: z.array(z.string().min(1)).optional(),
  })
  .strict();

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
