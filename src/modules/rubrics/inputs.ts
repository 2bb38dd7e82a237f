import { zId } from "../../lib/validation.js";
import { z } from "zod";
import type { CriterionNode } from "../../domain/rubric.js";

/*
 * The file format of src/modules/rubrics/data/<version>/set-NN.json (the shape itself, RubricFile, is in
 * src/domain/rubric.ts). The loader parses every file with it before checking its sums.
 */

const bilingual = z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict();
/** English is welcome but the decision gives only Vietnamese, so it may be missing below set level. */
const viMaybeEn = z.object({ vi: z.string().min(1), en: z.string().min(1).optional() }).strict();

/** Points are whole in QĐ 26/2026; tenths are allowed so a later version with half points needs no schema change. */
const points = z
  .number()
  .min(0)
  .refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, { message: "points must be a multiple of 0.1" });

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
      stop: z.object({ trigger: z.enum(["declared", "zero"]), watch: z.array(z.string().regex(/^\d+(\.\d+)*$/)).min(1) }).strict().optional(),
      appliesWhen: z.object({ item: z.string().regex(/^\d+(\.\d+)*$/) }).strict().optional(),
    })
    .strict(),
);

export const rubricFileSchema = z
  .object({
    version: z.string().regex(/^[a-z0-9-]+$/),
    legalBasis: bilingual,
    effectiveFrom: z.iso.date(),
    effectiveTo: z.iso.date().nullable(),
    setId: zId(),
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

