import { z } from "@hono/zod-openapi";
import { isoDateSchema } from "../../domain/cycle-deadlines.js";
import { EVENT_KINDS, INDICATOR_RULES } from "../../domain/programme-indicators.js";
import { bi, zId, zQueryId } from "../../lib/validation.js";

// Request and response shapes of the programme area: plans with indicators, progress, events and participants.

const text = (max: number, vi: string, en: string) =>
  z.string(bi(`Nhập ${vi}`, `Enter ${en}`)).trim().min(1, bi(`Nhập ${vi}`, `Enter ${en}`)).max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`));
const year = z.number(bi("Nhập năm kế hoạch", "Enter the plan's year")).int(bi("Năm là số nguyên", "The year is a whole number")).min(2018, bi("Năm từ 2018 đến 2100", "The year is between 2018 and 2100")).max(2100, bi("Năm từ 2018 đến 2100", "The year is between 2018 and 2100"));
const figure = z.number(bi("Chỉ tiêu là số", "A target is a number")).int(bi("Chỉ tiêu là số nguyên", "A target is a whole number")).min(0, bi("Chỉ tiêu không âm", "A target is not negative")).max(1_000_000, bi("Chỉ tiêu quá lớn", "The target is too large"));
const day = isoDateSchema;

export const IndicatorInput = z
  .strictObject({
    label: text(500, "nội dung chỉ tiêu", "the indicator's wording"),
    rule: z.enum(INDICATOR_RULES, bi("Chọn cách đo chỉ tiêu trong danh sách", "Choose how the indicator is measured from the list")),
    params: z.record(z.string(), z.unknown()).optional().openapi({ description: "certified_in_year: { minStars, maxStars? }; base_year_kept / base_year_upgraded: { baseYear }; others: {}", example: { minStars: 3, maxStars: 4 } }),
    targetMin: figure.nullable().optional(),
    targetMax: figure.nullable().optional(),
  })
  .openapi("ProgrammeIndicatorInput");
export type IndicatorInput = z.output<typeof IndicatorInput>;

export const CreatePlanInput = z
  .strictObject({
    unitId: zId().optional().openapi({ description: "The province; by default the one the caller's office role is held in" }),
    year,
    number: text(100, "số kế hoạch", "the plan's number"),
    issuedOn: day,
    title: text(500, "tên kế hoạch", "the plan's title"),
    indicators: z.array(IndicatorInput).max(50, bi("Tối đa 50 chỉ tiêu", "At most 50 indicators")).optional(),
  })
  .openapi("ProgrammePlanInput");
export type CreatePlanInput = z.output<typeof CreatePlanInput>;

export const UpdatePlanInput = z
  .strictObject({ number: text(100, "số kế hoạch", "the plan's number").optional(), issuedOn: day.optional(), title: text(500, "tên kế hoạch", "the plan's title").optional() })
  .openapi("ProgrammePlanUpdate");
export type UpdatePlanInput = z.output<typeof UpdatePlanInput>;

const Bi = z.object({ vi: z.string(), en: z.string() });

export const IndicatorSchema = z
  .object({
    id: z.number().int(),
    position: z.number().int(),
    label: z.string(),
    rule: z.enum(INDICATOR_RULES),
    ruleLabel: Bi,
    params: z.object({ minStars: z.number().int().optional(), maxStars: z.number().int().optional(), baseYear: z.number().int().optional() }),
    unit: z.enum(["count", "percent"]),
    targetMin: z.number().int().nullable(),
    targetMax: z.number().int().nullable(),
  })
  .openapi("ProgrammeIndicator");
export type IndicatorView = z.output<typeof IndicatorSchema>;

export const PlanSchema = z
  .object({
    id: z.number().int(),
    unitId: z.number().int(),
    unitName: z.string(),
    year: z.number().int(),
    number: z.string(),
    issuedOn: z.string(),
    title: z.string(),
    indicators: z.array(IndicatorSchema),
    canManage: z.boolean(),
  })
  .openapi("ProgrammePlan");
export type PlanView = z.output<typeof PlanSchema>;

const Figure = z.object({ counted: z.number().int(), population: z.number().int().nullable(), value: z.number().nullable(), met: z.boolean().nullable() });
export const ProgressSchema = z
  .object({
    plan: PlanSchema.omit({ indicators: true }),
    asOf: z.string().openapi({ description: "The last day measured: today, or 31 December once the year is over (Vietnam dates)" }),
    /** Whether the caller sees the whole province (else only its communes' rows). */
    wholeProvince: z.boolean(),
    indicators: z.array(
      IndicatorSchema.extend({
        province: Figure,
        communes: z.array(Figure.extend({ communeId: z.number().int().nullable(), communeName: z.string() })),
      }),
    ),
  })
  .openapi("ProgrammeProgress");
export type ProgressView = z.output<typeof ProgressSchema>;

export const RecordSchema = z.object({
  kind: z.enum(["product", "producer", "retail_point", "official"]),
  id: z.union([z.number().int(), z.string()]),
  name: z.string(),
  communeId: z.number().int().nullable(),
  communeName: z.string(),
  counted: z.boolean(),
  stars: z.number().int().optional(),
  certificateId: z.number().int().optional(),
  note: Bi.optional(),
  href: z.string().nullable(),
});
export type RecordView = z.output<typeof RecordSchema>;
export const RecordsSchema = z
  .object({ planId: z.number().int(), indicator: IndicatorSchema, asOf: z.string(), communeId: z.number().int().nullable(), figure: Figure, items: z.array(RecordSchema) })
  .openapi("ProgrammeIndicatorRecords");
export type RecordsView = z.output<typeof RecordsSchema>;

export const RecordsQuery = z.object({ communeId: z.union([zQueryId(), z.literal("none")]).optional().openapi({ description: "A commune's records only; `none` for those not in a commune" }) });

// ---- events ----

export const EventInput = z
  .strictObject({
    unitId: zId().optional().openapi({ description: "The unit holding the event (the province or one of its communes); by default the caller's province" }),
    kind: z.enum(EVENT_KINDS, bi("Chọn loại hoạt động", "Choose the kind of event")),
    title: text(300, "tên hoạt động", "the event's title"),
    topic: text(2000, "nội dung, chủ đề", "the topic"),
    startsOn: day,
    endsOn: day,
    place: text(300, "địa điểm", "the place"),
    organiser: text(300, "đơn vị tổ chức", "the organiser"),
  })
  .refine((e) => e.endsOn >= e.startsOn, { path: ["endsOn"], message: bi("Ngày kết thúc không trước ngày bắt đầu", "The last day cannot be before the first") })
  .openapi("ProgrammeEventInput");
export type EventInput = z.output<typeof EventInput>;

export const ParticipantInput = z
  .strictObject({ userId: z.string().trim().min(1).max(100).optional(), producerId: zId().optional(), attendeeName: z.string().trim().max(200).optional() })
  .refine((p) => (p.userId === undefined) !== (p.producerId === undefined), { path: ["userId"], message: bi("Chọn một cán bộ hoặc một chủ thể", "Choose one official or one producer") })
  .openapi("ProgrammeParticipantInput");
export type ParticipantInput = z.output<typeof ParticipantInput>;

export const ParticipantSchema = z.object({
  id: z.number().int(),
  kind: z.enum(["official", "producer"]),
  userId: z.string().nullable(),
  producerId: z.number().int().nullable(),
  name: z.string(),
  attendeeName: z.string().nullable(),
  communeName: z.string().nullable(),
});
export type ParticipantView = z.output<typeof ParticipantSchema>;

export const EventSchema = z
  .object({
    id: z.number().int(),
    unitId: z.number().int(),
    unitName: z.string(),
    kind: z.enum(EVENT_KINDS),
    kindLabel: Bi,
    title: z.string(),
    topic: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    place: z.string(),
    organiser: z.string(),
    participantCount: z.number().int(),
  })
  .openapi("ProgrammeEvent");
export type EventView = z.output<typeof EventSchema>;
export const EventDetailSchema = EventSchema.extend({ participants: z.array(ParticipantSchema), canManage: z.boolean() }).openapi("ProgrammeEventDetail");
export type EventDetail = z.output<typeof EventDetailSchema>;

export const EventListQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional(), kind: z.enum(EVENT_KINDS).optional() });

export const TrainingRecordSchema = z
  .object({
    subject: z.object({ kind: z.enum(["official", "producer"]), id: z.union([z.string(), z.number().int()]), name: z.string() }),
    events: z.array(EventSchema.omit({ participantCount: true }).extend({ attendeeName: z.string().nullable() })),
  })
  .openapi("ProgrammeTrainingRecord");
export type TrainingRecord = z.output<typeof TrainingRecordSchema>;
