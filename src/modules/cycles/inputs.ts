import { z } from "@hono/zod-openapi";
import { cycleDeadlinesSchema } from "../../domain/cycle-deadlines.js";
import { LEVEL_CHAINS } from "../../domain/level-chain.js";
import { bi } from "../../lib/validation.js";

// Input and output shapes of the cycles API, shared by the JSON routes, the pages and the service.

const year = z
  .number(bi("Nhập năm của chu trình", "Enter the cycle's year"))
  .int(bi("Năm phải là số nguyên", "The year is a whole number"))
  .min(2018, bi("Năm từ 2018 đến 2099", "The year is between 2018 and 2099"))
  .max(2099, bi("Năm từ 2018 đến 2099", "The year is between 2018 and 2099"))
  .openapi({ example: 2026 });
const chain = z
  .enum(LEVEL_CHAINS, bi("Chuỗi cấp phải là commune-district-province hoặc commune-province", "The chain is commune-district-province or commune-province"))
  .openapi({ description: "commune-district-province: the seeds' chain (before July 2025); commune-province: after the two-tier reform." });
const note = z.string().trim().max(2000, bi("Ghi chú tối đa 2000 ký tự", "The note has at most 2000 characters"));

// The domain's schema (plain zod, shared with pure tests), used as is: its checks of date order must hold at the edge.
// Its messages are written "vi | en", the convention src/lib/validation.ts splits into both languages.
export const DeadlinesSchema = cycleDeadlinesSchema;

export const CreateCycleInput = z.strictObject({ year, chain, deadlines: DeadlinesSchema, note: note.optional() }).openapi("CreateCycleRequest");
export type CreateCycleInput = z.output<typeof CreateCycleInput>;

export const UpdateCycleInput = z
  .strictObject({ chain: chain.optional(), deadlines: DeadlinesSchema.optional(), note: note.nullable().optional() })
  .openapi("UpdateCycleRequest");
export type UpdateCycleInput = z.output<typeof UpdateCycleInput>;

export const CycleSchema = z
  .object({
    id: z.number().int(),
    provinceId: z.number().int(),
    provinceName: z.string(),
    year: z.number().int(),
    chain: z.enum(LEVEL_CHAINS),
    deadlines: DeadlinesSchema,
    note: z.string().nullable(),
    ideaCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Cycle");
export type CycleView = z.output<typeof CycleSchema>;

export const CycleListSchema = z.object({ items: z.array(CycleSchema) }).openapi("CycleList");
