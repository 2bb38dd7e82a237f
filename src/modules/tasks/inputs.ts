import { z } from "@hono/zod-openapi";
import { isoDateSchema } from "../../domain/cycle-deadlines.js";
import { AGENCY_KINDS, SOURCE_KINDS, TASK_EVENT_KINDS, TASK_REPORT_KINDS, TASK_STATES } from "../../domain/task-workflow.js";
import { bi, zId, zQueryId } from "../../lib/validation.js";

// Input and output shapes of the tasks area: agencies, tasks and their reports, for the API, the forms and the service.

const text = (max: number, viName: string, enName: string) =>
  z
    .string(bi(`Nhập ${viName}`, `Enter ${enName}`))
    .trim()
    .min(1, bi(`Nhập ${viName}`, `Enter ${enName}`))
    .max(max, bi(`${viName[0]!.toUpperCase()}${viName.slice(1)} tối đa ${max} ký tự`, `${enName[0]!.toUpperCase()}${enName.slice(1)} has at most ${max} characters`));
// An empty field is no value: the transform sits inside `optional` so the key stays optional in the output type.
const optionalText = (max: number, viName: string, enName: string) =>
  z
    .string()
    .trim()
    .max(max, bi(`${viName[0]!.toUpperCase()}${viName.slice(1)} tối đa ${max} ký tự`, `${enName[0]!.toUpperCase()}${enName.slice(1)} has at most ${max} characters`))
    .transform((s) => (s ? s : undefined))
    .optional();

export const AgencyInput = z
  .strictObject({
    name: text(200, "tên cơ quan, đơn vị", "the agency's name").openapi({ example: "Sở Công Thương" }),
    shortName: optionalText(50, "tên viết tắt", "the short name").openapi({ example: "SCT" }),
    kind: z.enum(AGENCY_KINDS, bi("Chọn loại cơ quan, đơn vị", "Choose the kind of agency")),
    /** The province whose list it joins; may be left out when the office holds one province. */
    provinceId: zId().optional(),
  })
  .openapi("AgencyRequest");
export type AgencyInput = z.output<typeof AgencyInput>;

export const UpdateAgencyInput = z
  .strictObject({
    name: text(200, "tên cơ quan, đơn vị", "the agency's name").optional(),
    shortName: z.string().trim().max(50, bi("Tên viết tắt tối đa 50 ký tự", "The short name has at most 50 characters")).nullable().optional(),
    kind: z.enum(AGENCY_KINDS, bi("Chọn loại cơ quan, đơn vị", "Choose the kind of agency")).optional(),
    active: z.boolean(bi("Trạng thái hoạt động là đúng/sai", "active is true or false")).optional(),
  })
  .openapi("AgencyUpdate");
export type UpdateAgencyInput = z.output<typeof UpdateAgencyInput>;

export const AgencySchema = z
  .object({
    id: z.number().int(),
    provinceId: z.number().int(),
    provinceName: z.string(),
    name: z.string(),
    shortName: z.string().nullable(),
    kind: z.enum(AGENCY_KINDS),
    active: z.boolean(),
    staff: z.number().int(),
    openTasks: z.number().int(),
  })
  .openapi("Agency");
export type AgencyView = z.output<typeof AgencySchema>;

const SourceInput = z.strictObject({
  kind: z.enum(SOURCE_KINDS, bi("Chọn loại văn bản giao nhiệm vụ", "Choose the kind of source document")),
  number: optionalText(100, "số hiệu văn bản", "the document number").openapi({ example: "05-TB/BCĐ" }),
  date: isoDateSchema,
  title: text(500, "trích yếu văn bản", "the document's title"),
});

const assigneeRefine = (v: { agencyId?: number | undefined; unitId?: number | undefined }, ctx: z.RefinementCtx) => {
  if ((v.agencyId === undefined) === (v.unitId === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["assignee"],
      message: bi("Giao cho đúng một nơi: một cơ quan, đơn vị (agencyId) hoặc một đơn vị hành chính (unitId)", "Assign to exactly one: an agency (agencyId) or an administrative unit (unitId)"),
    });
  }
};

export const CreateTaskInput = z
  .strictObject({
    title: text(500, "nội dung nhiệm vụ", "what the task is").openapi({ example: "Đẩy mạnh xúc tiến thương mại các sản phẩm OCOP đạt từ 3 sao trở lên" }),
    details: optionalText(4000, "yêu cầu chi tiết", "the details"),
    source: SourceInput,
    agencyId: zId().optional(),
    unitId: zId().optional(),
    deadline: isoDateSchema,
  })
  .superRefine((v, ctx) => {
    assigneeRefine(v, ctx);
    if (v.deadline < v.source.date) {
      ctx.addIssue({ code: "custom", path: ["deadline"], message: bi("Hạn hoàn thành không được trước ngày của văn bản giao nhiệm vụ", "The deadline cannot be before the source document's date") });
    }
  })
  .openapi("TaskRequest", { description: "Exactly one of agencyId (an active agency of the province's list) and unitId (a commune or district in force, in the office's province). The deadline is a Vietnam calendar date; the day ends at midnight Vietnam time." });
export type CreateTaskInput = z.output<typeof CreateTaskInput>;

export const UpdateTaskInput = z
  .strictObject({
    title: text(500, "nội dung nhiệm vụ", "what the task is").optional(),
    details: z.string().trim().max(4000, bi("Yêu cầu chi tiết tối đa 4000 ký tự", "The details have at most 4000 characters")).nullable().optional(),
    deadline: isoDateSchema.optional(),
    note: optionalText(1000, "lý do thay đổi", "the reason for the change"),
  })
  .openapi("TaskUpdate", { description: "The office edits an open task (e.g. extends its deadline); every edit is a history entry." });
export type UpdateTaskInput = z.output<typeof UpdateTaskInput>;

export const CancelTaskInput = z.strictObject({ reason: text(1000, "lý do hủy", "the reason for cancelling") }).openapi("TaskCancel");
export type CancelTaskInput = z.output<typeof CancelTaskInput>;

/** The text fields of a report (the file, when any, comes beside them in the multipart body). */
export const TaskReportInput = z.strictObject({
  kind: z.enum(TASK_REPORT_KINDS, bi("Chọn báo cáo tiến độ hay báo cáo hoàn thành", "Choose a progress or a completion report")),
  note: text(4000, "nội dung báo cáo", "the report"),
});
export type TaskReportInput = z.output<typeof TaskReportInput>;

const boolFlag = z
  .enum(["1", "0", "true", "false"], bi("Giá trị là 1 hoặc 0", "The value is 1 or 0"))
  .optional()
  .transform((v) => (v === undefined ? undefined : v === "1" || v === "true"));

// Not strict: pages and clients add global parameters such as `lang`.
export const ListTasksQuery = z.object({
  state: z.enum(TASK_STATES, bi("Trạng thái không hợp lệ", "Unknown state")).optional(),
  agencyId: zQueryId().optional(),
  unitId: zQueryId().optional(),
  overdue: boolFlag,
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListTasksQuery = z.output<typeof ListTasksQuery>;

const AssigneeSchema = z.object({ kind: z.enum(["agency", "unit"]), id: z.number().int(), name: z.string() });

export const TaskSchema = z
  .object({
    id: z.number().int(),
    provinceId: z.number().int(),
    title: z.string(),
    details: z.string().nullable(),
    source: z.object({ kind: z.enum(SOURCE_KINDS), number: z.string().nullable(), date: z.string(), title: z.string() }),
    assignee: AssigneeSchema,
    deadline: z.string(),
    state: z.enum(TASK_STATES),
    /** Past the deadline day (Vietnam time) and neither done nor cancelled. */
    overdue: z.boolean(),
    daysOverdue: z.number().int(),
    doneAt: z.string().nullable(),
    doneLate: z.boolean(),
    lastReportAt: z.string().nullable(),
    createdAt: z.string(),
    canReport: z.boolean(),
    canManage: z.boolean(),
  })
  .openapi("Task");
export type TaskView = z.output<typeof TaskSchema>;

export const TaskEventSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(TASK_EVENT_KINDS),
    fromState: z.enum(TASK_STATES).nullable(),
    toState: z.enum(TASK_STATES),
    note: z.string().nullable(),
    file: z.object({ id: z.number().int(), name: z.string(), size: z.number().int() }).nullable(),
    changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])).nullable(),
    actorName: z.string().nullable(),
    actorRole: z.string().nullable(),
    at: z.string(),
  })
  .openapi("TaskEvent");
export type TaskEventView = z.output<typeof TaskEventSchema>;

export const TaskDetailSchema = TaskSchema.extend({ events: z.array(TaskEventSchema) }).openapi("TaskDetail");
export type TaskDetail = z.output<typeof TaskDetailSchema>;

export const TaskListSchema = z.object({ items: z.array(TaskSchema), total: z.number().int() }).openapi("TaskList");
export type TaskList = z.output<typeof TaskListSchema>;

/** A commune or district a task can be assigned to (the form's choices). */
export type UnitChoice = { id: number; name: string; level: "district" | "commune" };
