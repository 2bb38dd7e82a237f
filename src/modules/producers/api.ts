import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { commonErrors, conflictError, idParamSchema, json, jsonBody, problem } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { AddMemberInput, CreateProducerInput, ListProducersQuery, MemberSchema, ProducerDetailSchema, ProducerListSchema, UpdateProducerInput } from "./inputs.js";
import { addMember, getProducer, listProducers, registerProducer, updateProducer } from "./service.js";

const ProducerIdParam = z.object({ id: idParamSchema("id", 12) });

const common = commonErrors("Invalid input (unknown fields, wrong types, a tax code, phone or commune that does not fit)", "Not allowed, or missing x-csrf-token");

const registerRoute = createRoute({
  method: "post",
  path: "/",
  tags: ["producers"],
  summary: "Register a producer (Đăng ký chủ thể OCOP)",
  description:
    "Any signed-in account without a producer registers its organisation and becomes its first member (producer_member). The provincial office may register a producer of its province on its behalf without becoming a member.",
  request: { ...jsonBody(CreateProducerInput) },
  responses: {
    201: json(ProducerDetailSchema, "The new producer with its members"),
    ...common,
    ...conflictError("The tax code is already registered, or the account already belongs to a producer"),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["producers"],
  summary: "List producers (Danh sách chủ thể)",
  description: "Producers in the caller's units (commune, district, province), or the caller's own producer, by name.",
  request: { query: ListProducersQuery },
  responses: { 200: json(ProducerListSchema, "A page of producers"), ...common },
});

const getRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["producers"],
  summary: "One producer with its members (Hồ sơ chủ thể)",
  request: { params: ProducerIdParam },
  responses: { 200: json(ProducerDetailSchema, "The producer"), ...common, 404: problem("No such producer visible to the caller") },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["producers"],
  summary: "Update a producer (Sửa thông tin chủ thể)",
  description: "For the producer's members and the provincial office. Absent fields are kept; null clears an optional field.",
  request: { params: ProducerIdParam, ...jsonBody(UpdateProducerInput) },
  responses: { 200: json(ProducerDetailSchema, "The updated producer"), ...common, 404: problem("No such producer visible to the caller"), ...conflictError("The tax code is already registered") },
});

const addMemberRoute = createRoute({
  method: "post",
  path: "/{id}/members",
  tags: ["producers"],
  summary: "Create an account for a member (Thêm thành viên chủ thể)",
  description: "A member of the producer (or the provincial office) creates an account that holds producer_member for this producer.",
  request: { params: ProducerIdParam, ...jsonBody(AddMemberInput) },
  responses: { 201: json(MemberSchema, "The new member"), ...common, 404: problem("No such producer visible to the caller"), ...conflictError("The username is taken") },
});

/** Mounted at /api/producers. */
export const producersApi = createRouter()
  .openapi(registerRoute, async (c) => c.json(await registerProducer({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(listRoute, async (c) => c.json(await listProducers({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200))
  .openapi(getRoute, async (c) => c.json(await getProducer({ ctx: serviceCtx(c), input: { producerId: c.req.valid("param").id } }), 200))
  .openapi(updateRoute, async (c) =>
    c.json(await updateProducer({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), producerId: c.req.valid("param").id } }), 200),
  )
  .openapi(addMemberRoute, async (c) =>
    c.json(await addMember({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), producerId: c.req.valid("param").id } }), 201),
  );
