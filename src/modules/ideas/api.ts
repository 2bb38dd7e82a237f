import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { IdParam, commonErrors, conflictError, json, jsonBody, notFoundError } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { validationError } from "../../lib/problem.js";
import { BulkIdeaActionInput, BulkResultSchema, CreateIdeaInput, IdeaActionInput, IdeaDetailSchema, IdeaListSchema, ListIdeasQuery, UpdateIdeaInput } from "./inputs.js";
import { getIdea, listIdeas } from "./queries.js";
import { actOnIdea, actOnIdeas, addIdeaAttachment, createIdea, updateIdea } from "./service.js";

const common = commonErrors("Invalid input, or a required reason missing");
const notFound = notFoundError("idea visible to the caller");

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["ideas"],
  summary: "List product ideas (Danh sách ý tưởng sản phẩm)",
  description: "Ideas in the caller's units, or the caller's producer's. `waiting=true` keeps those on which the caller can take a step now (the inbox).",
  request: { query: ListIdeasQuery },
  responses: { 200: json(IdeaListSchema, "A page of ideas"), ...common },
});
const createIdeaRoute = createRoute({
  method: "post",
  path: "/",
  tags: ["ideas"],
  summary: "Register a product idea (Phiếu đăng ký ý tưởng sản phẩm)",
  description: "A producer's member writes the registration form for a cycle of its province. The idea starts as a draft; `submit` sends it to the commune.",
  request: jsonBody(CreateIdeaInput),
  responses: { 201: json(IdeaDetailSchema, "The new idea"), ...common },
});
const getRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["ideas"],
  summary: "One idea with its history (every attempt) and attachments",
  request: { params: IdParam },
  responses: { 200: json(IdeaDetailSchema, "The idea"), ...common, ...notFound },
});
const updateRoute = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["ideas"],
  summary: "Edit the registration form",
  description: "Only as a draft, or after a return or rejection (before resubmitting).",
  request: { params: IdParam, ...jsonBody(UpdateIdeaInput) },
  responses: { 200: json(IdeaDetailSchema, "The idea"), ...common, ...notFound, ...conflictError("The idea is being decided on and cannot be edited") },
});
const actionRoute = createRoute({
  method: "post",
  path: "/{id}/actions",
  tags: ["ideas"],
  summary: "Take a workflow step (submit, forward, select, return, approve, reject, resubmit)",
  description:
    "Who may take which step in which state is the cycle's chain's state machine. Returns and rejections need a reason. Steps with a cycle deadline are refused after the end of that day (Vietnam time) with 409 deadline-passed.",
  request: { params: IdParam, ...jsonBody(IdeaActionInput) },
  responses: { 200: json(IdeaDetailSchema, "The idea after the step"), ...common, ...notFound, ...conflictError("Wrong state, a step not in this chain, or a deadline passed") },
});
const bulkRoute = createRoute({
  method: "post",
  path: "/bulk-actions",
  tags: ["ideas"],
  summary: "Take one step on many ideas (a commune's list, a district's selection)",
  description: "All or nothing: if any idea refuses the step, none changes and the problem lists each refusal at `ideaIds.N`.",
  request: jsonBody(BulkIdeaActionInput),
  responses: { 200: json(BulkResultSchema, "The ideas after the step"), ...common, ...conflictError("At least one idea refused the step; nothing changed") },
});
const attachRoute = createRoute({
  method: "post",
  path: "/{id}/attachments",
  tags: ["ideas"],
  summary: "Attach a file to the registration form (JPEG, PNG, WebP, PDF; checked by content)",
  request: {
    params: IdParam,
    body: { required: true, content: { "multipart/form-data": { schema: z.object({ file: z.any().openapi({ type: "string", format: "binary" }) }) } } },
  },
  responses: { 201: json(IdeaDetailSchema, "The idea with the new attachment"), ...common, ...notFound, ...conflictError("The idea cannot be edited now") },
});

/** Mounted at /api/ideas. */
export const api = createRouter()
  .openapi(listRoute, async (c) => c.json(await listIdeas({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200))
  .openapi(createIdeaRoute, async (c) => c.json(await createIdea({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(bulkRoute, async (c) => c.json({ items: await actOnIdeas({ ctx: serviceCtx(c), input: c.req.valid("json") }) }, 200))
  .openapi(getRoute, async (c) => c.json(await getIdea({ ctx: serviceCtx(c), input: { ideaId: c.req.valid("param").id } }), 200))
  .openapi(updateRoute, async (c) => c.json(await updateIdea({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ideaId: c.req.valid("param").id } }), 200))
  .openapi(actionRoute, async (c) => c.json(await actOnIdea({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ideaId: c.req.valid("param").id } }), 200))
  .openapi(attachRoute, async (c) => {
    const body = await c.req.parseBody();
    const file = await readMultipartFile(body["file"]);
    if (!file) throw validationError([{ path: "file", vi: "Chọn tệp để đính kèm.", en: "Choose a file to attach.", message: "Choose a file to attach." }]);
    return c.json(await addIdeaAttachment({ ctx: serviceCtx(c), input: { ideaId: c.req.valid("param").id, file } }), 201);
  });
