import { createRoute, z } from "@hono/zod-openapi";
import { INDICATOR_RULES, RULE_LABELS, RULE_UNIT } from "../../domain/programme-indicators.js";
import { createRouter } from "../../http/router.js";
import { IdParam, commonErrors, conflictError, idParamSchema, json, jsonBody, notFoundError } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import {
  CreatePlanInput,
  EventDetailSchema,
  EventInput,
  EventListQuery,
  EventSchema,
  IndicatorInput,
  ParticipantInput,
  PlanSchema,
  ProgressSchema,
  RecordsQuery,
  RecordsSchema,
  TrainingRecordSchema,
  UpdatePlanInput,
} from "./inputs.js";
import { addParticipant, createEvent, getEvent, listEvents, officialTrainingRecord, producerTrainingRecord, removeParticipant, updateEvent } from "./services/events.js";
import { addIndicator, createProgrammePlan, getProgrammePlan, listProgrammePlans, removeIndicator, replaceIndicator, updateProgrammePlan } from "./services/plans.js";
import { indicatorRecords, planProgress } from "./services/progress.js";

const T = ["programme"];
const common = commonErrors("Invalid input: a missing field, an unknown rule, a parameter or target out of range");
const noPlan = notFoundError("plan visible to the caller");
const noEvent = notFoundError("event visible to the caller");
const IndicatorParams = z.object({ id: idParamSchema("id"), indicatorId: idParamSchema("indicatorId") });

const rulesRoute = createRoute({
  method: "get",
  path: "/rules",
  tags: T,
  summary: "The fixed list of rules an indicator is measured by",
  responses: { 200: json(z.object({ items: z.array(z.object({ rule: z.enum(INDICATOR_RULES), unit: z.enum(["count", "percent"]), label: z.object({ vi: z.string(), en: z.string() }) })) }), "The rules") },
});
const listPlans = createRoute({ method: "get", path: "/plans", tags: T, summary: "The year's plans of the caller's province (or the province its unit lies in)", responses: { 200: json(z.object({ items: z.array(PlanSchema) }), "Plans"), ...common } });
const createPlan = createRoute({
  method: "post",
  path: "/plans",
  tags: T,
  summary: "Enter a year's OCOP plan with its indicators (provincial office)",
  request: jsonBody(CreatePlanInput),
  responses: { 201: json(PlanSchema, "The plan"), ...common, ...conflictError("The province already has a plan for that year") },
});
const getPlan = createRoute({ method: "get", path: "/plans/{id}", tags: T, summary: "One plan with its indicators", request: { params: IdParam }, responses: { 200: json(PlanSchema, "The plan"), ...common, ...noPlan } });
const patchPlan = createRoute({ method: "patch", path: "/plans/{id}", tags: T, summary: "Edit the plan's number, date or title", request: { params: IdParam, ...jsonBody(UpdatePlanInput) }, responses: { 200: json(PlanSchema, "The plan"), ...common, ...noPlan } });
const addInd = createRoute({ method: "post", path: "/plans/{id}/indicators", tags: T, summary: "Add an indicator to a plan", request: { params: IdParam, ...jsonBody(IndicatorInput) }, responses: { 201: json(PlanSchema, "The plan"), ...common, ...noPlan } });
const putInd = createRoute({ method: "put", path: "/plans/{id}/indicators/{indicatorId}", tags: T, summary: "Replace an indicator (wording, rule, parameters, target)", request: { params: IndicatorParams, ...jsonBody(IndicatorInput) }, responses: { 200: json(PlanSchema, "The plan"), ...common, ...notFoundError("plan or indicator") } });
const delInd = createRoute({ method: "delete", path: "/plans/{id}/indicators/{indicatorId}", tags: T, summary: "Remove an indicator", request: { params: IndicatorParams }, responses: { 200: json(PlanSchema, "The plan"), ...common, ...notFoundError("plan or indicator") } });
const progress = createRoute({
  method: "get",
  path: "/plans/{id}/progress",
  tags: T,
  summary: "Progress of every indicator, measured now from the registry, for the province and per commune",
  description: "A year's window runs from 1 January to today (or 31 December once past), in Vietnam dates. A commune officer sees the province's figures and its own communes' rows.",
  request: { params: IdParam },
  responses: { 200: json(ProgressSchema, "Progress"), ...common, ...noPlan },
});
const records = createRoute({
  method: "get",
  path: "/plans/{id}/indicators/{indicatorId}/records",
  tags: T,
  summary: "The records behind an indicator's figure (products, producers, points of sale, officials), each saying whether it counts",
  request: { params: IndicatorParams, query: RecordsQuery },
  responses: { 200: json(RecordsSchema, "Records"), ...common, ...notFoundError("plan, indicator or commune") },
});

const listEv = createRoute({ method: "get", path: "/events", tags: T, summary: "Training and trade events of the caller's units", request: { query: EventListQuery }, responses: { 200: json(z.object({ items: z.array(EventSchema) }), "Events"), ...common } });
const createEv = createRoute({ method: "post", path: "/events", tags: T, summary: "Record a training or trade event (provincial office)", request: jsonBody(EventInput), responses: { 201: json(EventDetailSchema, "The event"), ...common } });
const getEv = createRoute({ method: "get", path: "/events/{id}", tags: T, summary: "One event with its participants", request: { params: IdParam }, responses: { 200: json(EventDetailSchema, "The event"), ...common, ...noEvent } });
const putEv = createRoute({ method: "put", path: "/events/{id}", tags: T, summary: "Correct an event's kind, title, topic, dates, place or organiser", request: { params: IdParam, ...jsonBody(EventInput) }, responses: { 200: json(EventDetailSchema, "The event"), ...common, ...noEvent } });
const addPart = createRoute({
  method: "post",
  path: "/events/{id}/participants",
  tags: T,
  summary: "Record a participant: an OCOP official's account (`userId`) or a producer (`producerId`) of the province",
  request: { params: IdParam, ...jsonBody(ParticipantInput) },
  responses: { 201: json(EventDetailSchema, "The event"), ...common, ...noEvent, ...conflictError("Already listed") },
});
const delPart = createRoute({
  method: "delete",
  path: "/events/{id}/participants/{participantId}",
  tags: T,
  summary: "Remove a participant",
  request: { params: z.object({ id: idParamSchema("id"), participantId: idParamSchema("participantId") }) },
  responses: { 200: json(EventDetailSchema, "The event"), ...common, ...notFoundError("event or participant") },
});
const producerRecord = createRoute({ method: "get", path: "/training/producers/{id}", tags: T, summary: "A producer's training record", request: { params: IdParam }, responses: { 200: json(TrainingRecordSchema, "Events attended"), ...common, ...notFoundError("producer") } });
const officialRecord = createRoute({
  method: "get",
  path: "/training/officials/{userId}",
  tags: T,
  summary: "An official's training record",
  request: { params: z.object({ userId: z.string().min(1).max(100).openapi({ param: { name: "userId", in: "path" } }) }) },
  responses: { 200: json(TrainingRecordSchema, "Events attended"), ...common, ...notFoundError("official") },
});

/** Mounted at /api/programme. */
export const programmeApi = createRouter()
  .openapi(rulesRoute, (c) => c.json({ items: INDICATOR_RULES.map((rule) => ({ rule, unit: RULE_UNIT[rule], label: RULE_LABELS[rule] })) }, 200))
  .openapi(listPlans, async (c) => c.json({ items: await listProgrammePlans({ ctx: serviceCtx(c) }) }, 200))
  .openapi(createPlan, async (c) => c.json(await createProgrammePlan({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(getPlan, async (c) => c.json(await getProgrammePlan({ ctx: serviceCtx(c), input: { planId: c.req.valid("param").id } }), 200))
  .openapi(patchPlan, async (c) => c.json(await updateProgrammePlan({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), planId: c.req.valid("param").id } }), 200))
  .openapi(addInd, async (c) => c.json(await addIndicator({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), planId: c.req.valid("param").id } }), 201))
  .openapi(putInd, async (c) => {
    const p = c.req.valid("param");
    return c.json(await replaceIndicator({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), planId: p.id, indicatorId: p.indicatorId } }), 200);
  })
  .openapi(delInd, async (c) => {
    const p = c.req.valid("param");
    return c.json(await removeIndicator({ ctx: serviceCtx(c), input: { planId: p.id, indicatorId: p.indicatorId } }), 200);
  })
  .openapi(progress, async (c) => c.json(await planProgress({ ctx: serviceCtx(c), input: { planId: c.req.valid("param").id } }), 200))
  .openapi(records, async (c) => {
    const p = c.req.valid("param");
    const q = c.req.valid("query").communeId;
    return c.json(await indicatorRecords({ ctx: serviceCtx(c), input: { planId: p.id, indicatorId: p.indicatorId, ...(q === undefined ? {} : { communeId: q === "none" ? null : q }) } }), 200);
  })
  .openapi(listEv, async (c) => c.json({ items: await listEvents({ ctx: serviceCtx(c), input: c.req.valid("query") }) }, 200))
  .openapi(createEv, async (c) => c.json(await createEvent({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(getEv, async (c) => c.json(await getEvent({ ctx: serviceCtx(c), input: { eventId: c.req.valid("param").id } }), 200))
  .openapi(putEv, async (c) => c.json(await updateEvent({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), eventId: c.req.valid("param").id } }), 200))
  .openapi(addPart, async (c) => c.json(await addParticipant({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), eventId: c.req.valid("param").id } }), 201))
  .openapi(delPart, async (c) => {
    const p = c.req.valid("param");
    return c.json(await removeParticipant({ ctx: serviceCtx(c), input: { eventId: p.id, participantId: p.participantId } }), 200);
  })
  .openapi(producerRecord, async (c) => c.json(await producerTrainingRecord({ ctx: serviceCtx(c), input: { producerId: c.req.valid("param").id } }), 200))
  .openapi(officialRecord, async (c) => c.json(await officialTrainingRecord({ ctx: serviceCtx(c), input: { userId: c.req.valid("param").userId } }), 200));
