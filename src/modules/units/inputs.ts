import { z } from "@hono/zod-openapi";
import { bi, zQueryId } from "../../lib/validation.js";
import { DateString } from "./data/unit-file.js";
import { UNIT_LEVELS, type UnitLevel, unitFullName } from "./data/unit-names.js";

const At = DateString.optional().openapi({
  description: "The date to see the tree as of (YYYY-MM-DD, Vietnam calendar); today when absent.",
  example: "2025-06-30",
});
const Lang = z.enum(["vi", "en"]).optional().openapi({ description: "Language of error messages." });

/** Strict: a misspelt filter must fail loudly rather than silently return the whole tree. */
export const UnitListQuery = z.strictObject({
  at: At,
  parentId: zQueryId().optional().openapi({ description: "Only the direct children of this unit." }),
  level: z.enum(UNIT_LEVELS).optional().openapi({ description: "Only units of this level." }),
  q: z.string().trim().min(1).max(100, bi("Tối đa 100 ký tự", "At most 100 characters")).optional().openapi({
    description: "Name search, ignoring case and diacritics (`thanh sen` finds Thành Sen).",
  }),
  lang: Lang,
});

export const UnitDetailQuery = z.strictObject({ at: At, lang: Lang });

export const UnitSchema = z
  .object({
    id: z.number().int(),
    code: z.string().openapi({ description: "Official code (GSO / QĐ 19/2025/QĐ-TTg). Reused across reforms: a unit is (code, validFrom)." }),
    name: z.string().openapi({ example: "Thành Sen" }),
    fullName: z.string().openapi({ example: "Phường Thành Sen" }),
    kind: z.string().openapi({ example: "phường" }),
    level: z.enum(UNIT_LEVELS),
    parentId: z.number().int().nullable(),
    validFrom: z.string().openapi({ format: "date" }),
    validTo: z.string().nullable().openapi({ format: "date", description: "Exclusive end; null while the unit exists." }),
    path: z.string().openapi({ description: "Dotted ids from the province down to this unit.", example: "1.245" }),
  })
  .openapi("AdminUnit");

const SuccessionSchema = z
  .object({
    unit: UnitSchema,
    effectiveDate: z.string().openapi({ format: "date" }),
    legalBasis: z.string(),
    partial: z.boolean().openapi({ description: "Only part of the old unit went to the new one." }),
  })
  .openapi("AdminUnitSuccession");

export const UnitListSchema = z.object({ at: z.string().openapi({ format: "date" }), items: z.array(UnitSchema) }).openapi("AdminUnitList");

export const UnitDetailSchema = z
  .object({
    unit: UnitSchema,
    ancestors: z.array(UnitSchema).openapi({ description: "From the province down, without the unit." }),
    at: z.string().openapi({ format: "date", description: "The date `children` are given for." }),
    children: z.array(UnitSchema),
    predecessors: z.array(SuccessionSchema),
    successors: z.array(SuccessionSchema),
    current: z.array(z.object({ unit: UnitSchema, partial: z.boolean() })).openapi({
      description: "What the unit is today, through every reform since (itself while it exists); empty when no successor is recorded.",
    }),
  })
  .openapi("AdminUnitDetail");

export type Unit = {
  id: number;
  code: string;
  name: string;
  kind: string;
  level: UnitLevel;
  parentId: number | null;
  validFrom: string;
  validTo: string | null;
  path: string;
  source: string;
};

export type Succession = { unit: Unit; effectiveDate: string; legalBasis: string; partial: boolean };

/** A unit with its children as of the page's date, down to communes. */
export type TreeNode = { unit: Unit; children: TreeNode[] };

export const toJson = (u: Unit) => ({
  id: u.id,
  code: u.code,
  name: u.name,
  fullName: unitFullName(u),
  kind: u.kind,
  level: u.level,
  parentId: u.parentId,
  validFrom: u.validFrom,
  validTo: u.validTo,
  path: u.path,
});

export const successionJson = (s: Succession) => ({ unit: toJson(s.unit), effectiveDate: s.effectiveDate, legalBasis: s.legalBasis, partial: s.partial });
