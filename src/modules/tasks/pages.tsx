import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { unitScopes } from "../../auth/policy.js";
import { type AppError, forbidden, notFound } from "../../lib/problem.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { parseInput } from "../../lib/validation.js";
import { formAction, formString, frame, idParam, page } from "../../web/page.js";
import { AgencyInput, CancelTaskInput, CreateTaskInput, ListTasksQuery, TaskReportInput, UpdateAgencyInput, UpdateTaskInput, type TaskDetail } from "./inputs.js";
import { assignableUnits, getTask, listAgencies, listTasks, taskFile } from "./queries.js";
import { cancelTask, createAgency, createTask, managesTasks, reportOnTask, updateAgency, updateTask } from "./service.js";
import { agenciesPage, agencyEditPage, type AgencyFormValues } from "./views/agencies.js";
import { taskFormPage, type TaskFormValues } from "./views/task-form.js";
import { taskListPage, type AssigneeChoice } from "./views/task-list.js";
import { taskPage, type ReportValues } from "./views/task.js";

const TASK_FIELDS = ["title", "details", "sourceKind", "sourceNumber", "sourceDate", "sourceTitle", "assignee", "deadline", "note"] as const;
const taskValues = (body: Record<string, unknown>): TaskFormValues => Object.fromEntries(TASK_FIELDS.map((f) => [f, formString(body, f)]));

/** "a12" → the agency 12, "u34" → the unit 34; anything else names nobody (the schema then says so). */
function assigneeOf(v: string | undefined): { agencyId?: number; unitId?: number } {
  const m = /^([au])([0-9]{1,10})$/.exec(v ?? "");
  if (!m) return {};
  return m[1] === "a" ? { agencyId: Number(m[2]) } : { unitId: Number(m[2]) };
}

function createInput(v: TaskFormValues) {
  return {
    title: v.title ?? "",
    details: v.details || undefined,
    source: { kind: v.sourceKind ?? "", number: v.sourceNumber || undefined, date: v.sourceDate ?? "", title: v.sourceTitle ?? "" },
    ...assigneeOf(v.assignee),
    deadline: v.deadline ?? "",
  };
}

async function formPage(c: Context<AppEnv>, mode: "new" | "edit", values: TaskFormValues, opts: { taskId?: number; error?: AppError } = {}) {
  const ctx = serviceCtx(c);
  const [agencies, units] = mode === "new" ? await Promise.all([listAgencies({ ctx, input: { activeOnly: true } }), assignableUnits(ctx.db, ctx.principal!, ctx.now)]) : [[], []];
  const action = mode === "new" ? "/tasks/new" : `/tasks/${opts.taskId}/edit`;
  const back = mode === "new" ? "/tasks" : `/tasks/${opts.taskId}`;
  return taskFormPage({ ...frame(c), mode, action, back, values, agencies, units, error: opts.error });
}

async function detailHtml(c: Context<AppEnv>, taskId: number, extra: { error?: AppError; errorIn?: "report" | "cancel"; values?: ReportValues } = {}) {
  const task = await getTask({ ctx: serviceCtx(c), input: { taskId } });
  return taskPage({ ...frame(c), task, done: c.req.query("done"), ...extra });
}

/** The assignee filter: the agencies and units among the tasks the caller sees (the office's whole list). */
async function assigneeChoices(c: Context<AppEnv>): Promise<AssigneeChoice[]> {
  const ctx = serviceCtx(c);
  if (!managesTasks(ctx.principal)) return [];
  const [agencies, units] = await Promise.all([listAgencies({ ctx }), assignableUnits(ctx.db, ctx.principal!, ctx.now)]);
  return [...agencies.map((a) => ({ value: `a${a.id}`, label: a.name })), ...units.map((u) => ({ value: `u${u.id}`, label: u.name }))];
}

const fromTask = (t: TaskDetail): TaskFormValues => ({ sourceKind: t.source.kind, sourceNumber: t.source.number ?? "", sourceDate: t.source.date, sourceTitle: t.source.title });

/** Mounted at /tasks. */
export const tasksPages = new Hono<AppEnv>()
  .get("/", (c) =>
    page(c, async () => {
      const ctx = serviceCtx(c);
      const q = c.req.query();
      const query = parseInput(ListTasksQuery, { ...q, ...assigneeOf(q.assignee), assignee: undefined, state: q.state || undefined, overdue: q.overdue || undefined, q: q.q || undefined });
      const [list, assignees] = await Promise.all([listTasks({ ctx, input: query }), assigneeChoices(c)]);
      return c.html(taskListPage({ ...frame(c), list, query, assignees, manage: managesTasks(ctx.principal), done: q.done }), 200);
    }),
  )
  .get("/new", (c) =>
    page(c, async () => {
      if (!managesTasks(c.var.auth.principal)) return c.redirect("/tasks", 303);
      const from = c.req.query("from");
      const values = from && /^[0-9]{1,9}$/.test(from) ? fromTask(await getTask({ ctx: serviceCtx(c), input: { taskId: Number(from) } })) : { sourceKind: "conclusion" };
      return c.html(await formPage(c, "new", values), 200);
    }),
  )
  .post("/new", (c) =>
    page(c, async () => {
      const values = taskValues(await c.req.parseBody());
      return formAction(
        c,
        async () => {
          const task = await createTask({ ctx: serviceCtx(c), input: parseInput(CreateTaskInput, createInput(values)) });
          return `/tasks/${task.id}?done=created`;
        },
        (error) => formPage(c, "new", values, { error }),
      );
    }),
  )
  .get("/:id{[0-9]+}", (c) => page(c, async () => c.html(await detailHtml(c, idParam(c)))))
  .get("/:id{[0-9]+}/edit", (c) =>
    page(c, async () => {
      const task = await getTask({ ctx: serviceCtx(c), input: { taskId: idParam(c) } });
      if (!task.canManage) return c.redirect(`/tasks/${task.id}`, 303);
      return c.html(await formPage(c, "edit", { title: task.title, details: task.details ?? "", deadline: task.deadline }, { taskId: task.id }), 200);
    }),
  )
  .post("/:id{[0-9]+}/edit", (c) =>
    page(c, async () => {
      const taskId = idParam(c);
      const values = taskValues(await c.req.parseBody());
      return formAction(
        c,
        async () => {
          const input = parseInput(UpdateTaskInput, { title: values.title, details: values.details ?? "", deadline: values.deadline, note: values.note || undefined });
          await updateTask({ ctx: serviceCtx(c), input: { ...input, taskId } });
          return `/tasks/${taskId}?done=updated`;
        },
        (error) => formPage(c, "edit", values, { taskId, error }),
      );
    }),
  )
  .post("/:id{[0-9]+}/reports", (c) =>
    page(c, async () => {
      const taskId = idParam(c);
      const body = await c.req.parseBody();
      const values = { kind: formString(body, "kind"), note: formString(body, "note") };
      return formAction(
        c,
        async () => {
          const input = parseInput(TaskReportInput, values);
          await reportOnTask({ ctx: serviceCtx(c), input: { ...input, taskId, file: await readMultipartFile(body["file"]) } });
          return `/tasks/${taskId}?done=${input.kind}`;
        },
        (error) => detailHtml(c, taskId, { error, errorIn: "report", values }),
      );
    }),
  )
  .post("/:id{[0-9]+}/cancel", (c) =>
    page(c, async () => {
      const taskId = idParam(c);
      const values = { reason: formString(await c.req.parseBody(), "reason") };
      return formAction(
        c,
        async () => {
          await cancelTask({ ctx: serviceCtx(c), input: { ...parseInput(CancelTaskInput, values), taskId } });
          return `/tasks/${taskId}?done=cancelled`;
        },
        (error) => detailHtml(c, taskId, { error, errorIn: "cancel", values }),
      );
    }),
  )
  .get("/:id{[0-9]+}/files/:fileId{[0-9]+}", (c) =>
    page(c, async () => {
      const f = await taskFile({ ctx: serviceCtx(c), input: { taskId: idParam(c), fileId: idParam(c, "fileId") } });
      return new Response(new Uint8Array(f.bytes).buffer as ArrayBuffer, {
        headers: { "content-type": f.contentType, "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`, "x-content-type-options": "nosniff", "cache-control": "private, no-store" },
      });
    }),
  );

const agencyValues = (body: Record<string, unknown>): AgencyFormValues & { active: string } => ({ name: formString(body, "name"), shortName: formString(body, "shortName"), kind: formString(body, "kind"), active: formString(body, "active") });

async function agencyList(c: Context<AppEnv>, extra: { error?: AppError; values?: AgencyFormValues } = {}) {
  const ctx = serviceCtx(c);
  if (!unitScopes(ctx.principal, "agencies.manage").length) throw forbidden();
  return agenciesPage({ ...frame(c), agencies: await listAgencies({ ctx }), done: c.req.query("done"), ...extra });
}

async function agencyOf(c: Context<AppEnv>, id: number) {
  const a = (await listAgencies({ ctx: serviceCtx(c) })).find((x) => x.id === id);
  if (!a) throw notFound({ vi: "cơ quan, đơn vị", en: "The agency" });
  return a;
}

/** Mounted at /agencies: the office's list. */
export const agenciesPages = new Hono<AppEnv>()
  .get("/", (c) => page(c, async () => c.html(await agencyList(c), 200)))
  .post("/", (c) =>
    page(c, async () => {
      const values = agencyValues(await c.req.parseBody());
      return formAction(
        c,
        async () => {
          await createAgency({ ctx: serviceCtx(c), input: parseInput(AgencyInput, { name: values.name, shortName: values.shortName || undefined, kind: values.kind }) });
          return "/agencies?done=created";
        },
        (error) => agencyList(c, { error, values }),
      );
    }),
  )
  .get("/:id{[0-9]+}/edit", (c) => page(c, async () => c.html(agencyEditPage({ ...frame(c), agency: await agencyOf(c, idParam(c)) }), 200)))
  .post("/:id{[0-9]+}/edit", (c) =>
    page(c, async () => {
      const agencyId = idParam(c);
      const values = agencyValues(await c.req.parseBody());
      return formAction(
        c,
        async () => {
          const input = parseInput(UpdateAgencyInput, { name: values.name, shortName: values.shortName, kind: values.kind, active: values.active !== "0" });
          await updateAgency({ ctx: serviceCtx(c), input: { ...input, agencyId } });
          return "/agencies?done=updated";
        },
        async (error) => agencyEditPage({ ...frame(c), agency: await agencyOf(c, agencyId), error, values }),
      );
    }),
  );

