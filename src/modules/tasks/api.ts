import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { IdParam, commonErrors, conflictError, idParamSchema, json, jsonBody, notFoundError } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { parseInput } from "../../lib/validation.js";
import {
  AgencyInput,
  AgencySchema,
  CancelTaskInput,
  CreateTaskInput,
  ListTasksQuery,
  TaskDetailSchema,
  TaskListSchema,
  TaskReportInput,
  UpdateAgencyInput,
  UpdateTaskInput,
} from "./inputs.js";
import { getTask, listAgencies, listTasks, taskFile } from "./queries.js";
import { cancelTask, createAgency, createTask, reportOnTask, updateAgency, updateTask } from "./service.js";

const T = ["tasks"];
const common = commonErrors("Invalid input: a missing field, no or two assignees, an inactive agency, a unit that is not a commune or district in force, a deadline before the document");
const noTask = notFoundError("task visible to the caller");

const listAgenciesRoute = createRoute({ method: "get", path: "/", tags: T, summary: "The agencies (sở, ngành, báo, đài…) of the office's province", responses: { 200: json(z.object({ items: z.array(AgencySchema) }), "Agencies"), ...common } });
const createAgencyRoute = createRoute({ method: "post", path: "/", tags: T, summary: "Add an agency to the province's list", request: jsonBody(AgencyInput), responses: { 201: json(AgencySchema, "The agency"), ...common, ...conflictError("The list already holds an agency of that name") } });
const updateAgencyRoute = createRoute({
  method: "patch",
  path: "/{id}",
  tags: T,
  summary: "Rename an agency or mark it inactive (its staff's roles then stop acting, and it takes no new tasks)",
  request: { params: IdParam, ...jsonBody(UpdateAgencyInput) },
  responses: { 200: json(AgencySchema, "The agency"), ...common, ...notFoundError("agency"), ...conflictError("Name taken") },
});

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: T,
  summary: "Tasks visible to the caller: the office's province, the caller's unit, or the caller's agency",
  description: "Filters: state, agencyId, unitId, overdue=1 (past the deadline day in Vietnam and not done or cancelled), q (title or source document).",
  request: { query: ListTasksQuery },
  responses: { 200: json(TaskListSchema, "A page of tasks"), ...common },
});
const createTaskRoute = createRoute({ method: "post", path: "/", tags: T, summary: "Assign a task from a plan or a conclusion, to an agency or a unit, with a deadline", request: jsonBody(CreateTaskInput), responses: { 201: json(TaskDetailSchema, "The task"), ...common } });
const getRoute = createRoute({ method: "get", path: "/{id}", tags: T, summary: "A task with its history (every report and step)", request: { params: IdParam }, responses: { 200: json(TaskDetailSchema, "The task"), ...common, ...noTask } });
const updateRoute = createRoute({ method: "patch", path: "/{id}", tags: T, summary: "Edit an open task (e.g. extend the deadline); a history entry records what changed", request: { params: IdParam, ...jsonBody(UpdateTaskInput) }, responses: { 200: json(TaskDetailSchema, "The task"), ...common, ...noTask, ...conflictError("The task is done or cancelled") } });
const cancelRoute = createRoute({ method: "post", path: "/{id}/cancel", tags: T, summary: "Cancel an open task, with the reason", request: { params: IdParam, ...jsonBody(CancelTaskInput) }, responses: { 200: json(TaskDetailSchema, "The task"), ...common, ...noTask, ...conflictError("The task is done or cancelled") } });
const reportRoute = createRoute({
  method: "post",
  path: "/{id}/reports",
  tags: T,
  summary: "The assignee reports progress or completion, with a note and optionally one file (PDF or image, checked by content)",
  request: {
    params: IdParam,
    body: { required: true, content: { "multipart/form-data": { schema: z.object({ kind: z.enum(["progress", "done"]), note: z.string(), file: z.any().optional().openapi({ type: "string", format: "binary" }) }) } } },
  },
  responses: { 201: json(TaskDetailSchema, "The task after the report"), ...common, ...noTask, ...conflictError("The task is done or cancelled"), 413: { description: "The file is over its limit" } },
});
const fileRoute = createRoute({
  method: "get",
  path: "/{id}/files/{fileId}",
  tags: T,
  summary: "A file attached to one of the task's reports",
  request: { params: z.object({ id: idParamSchema(), fileId: idParamSchema("fileId") }) },
  responses: { 200: { description: "The file's bytes" }, ...common, ...notFoundError("task or file") },
});

/** Mounted at /api/agencies. */
export const agenciesApi = createRouter()
  .openapi(listAgenciesRoute, async (c) => c.json({ items: await listAgencies({ ctx: serviceCtx(c) }) }, 200))
  .openapi(createAgencyRoute, async (c) => c.json(await createAgency({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(updateAgencyRoute, async (c) => c.json(await updateAgency({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), agencyId: c.req.valid("param").id } }), 200));

/** Mounted at /api/tasks. */
export const tasksApi = createRouter()
  .openapi(listRoute, async (c) => c.json(await listTasks({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200))
  .openapi(createTaskRoute, async (c) => c.json(await createTask({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(getRoute, async (c) => c.json(await getTask({ ctx: serviceCtx(c), input: { taskId: c.req.valid("param").id } }), 200))
  .openapi(updateRoute, async (c) => c.json(await updateTask({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), taskId: c.req.valid("param").id } }), 200))
  .openapi(cancelRoute, async (c) => c.json(await cancelTask({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), taskId: c.req.valid("param").id } }), 200))
  .openapi(reportRoute, async (c) => {
    const form = await c.req.parseBody();
    const input = parseInput(TaskReportInput, { kind: form["kind"], note: form["note"] });
    const file = await readMultipartFile(form["file"]);
    return c.json(await reportOnTask({ ctx: serviceCtx(c), input: { ...input, taskId: c.req.valid("param").id, file } }), 201);
  })
  .openapi(fileRoute, async (c) => {
    const { id, fileId } = c.req.valid("param");
    const f = await taskFile({ ctx: serviceCtx(c), input: { taskId: id, fileId } });
    return new Response(new Uint8Array(f.bytes).buffer as ArrayBuffer, {
      headers: { "content-type": f.contentType, "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`, "x-content-type-options": "nosniff", "cache-control": "private, no-store" },
    });
  });
