import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { createRouter } from "../../http/router.js";
import { commonErrors, IdParam, json, jsonBody, notFoundError, problem } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import {
  AddCertificatesInput,
  CreatedSubscriptionSchema,
  CreateSubscriptionInput,
  DeliveryListSchema,
  DeliveryQuery,
  PingSchema,
  SubscriptionDetailSchema,
  SubscriptionListSchema,
} from "./inputs.js";
import { addCertificates, createSubscription, disableSubscription, getSubscription, listDeliveries, listSubscriptions, pingSubscription } from "./services/subscriptions.js";

const common = commonErrors("Invalid input", "Not allowed, or missing x-csrf-token");
const notFound = notFoundError("subscription among yours");
const tags = ["watch"];
const options = (c: Context<AppEnv>) => ({ allowPrivate: c.var.deps.config.webhookAllowPrivate });

const createSubscriptionRoute = createRoute({
  method: "post",
  path: "/subscriptions",
  tags,
  summary: "Watch certificates by webhook (Theo dõi giấy chứng nhận)",
  description:
    "Registers an HTTPS receiver for status and star changes of the given certificates. Each webhook is signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256>) with the secret returned here, and only here.",
  request: jsonBody(CreateSubscriptionInput),
  responses: { 201: json(CreatedSubscriptionSchema, "The subscription and its signing secret"), ...common },
});
const listRoute = createRoute({
  method: "get",
  path: "/subscriptions",
  tags,
  summary: "Your watch subscriptions",
  responses: { 200: json(SubscriptionListSchema, "Your subscriptions, newest first"), ...common },
});
const getRoute = createRoute({
  method: "get",
  path: "/subscriptions/{id}",
  tags,
  summary: "One subscription with its watched certificates",
  request: { params: IdParam },
  responses: { 200: json(SubscriptionDetailSchema, "The subscription"), ...common, ...notFound },
});
const addRoute = createRoute({
  method: "post",
  path: "/subscriptions/{id}/certificates",
  tags,
  summary: "Watch more certificates",
  request: { params: IdParam, ...jsonBody(AddCertificatesInput) },
  responses: { 200: json(SubscriptionDetailSchema, "The subscription"), ...common, ...notFound, 409: problem("The subscription is disabled") },
});
const disableRoute = createRoute({
  method: "delete",
  path: "/subscriptions/{id}",
  tags,
  summary: "Stop a subscription",
  description: "Disables the subscription for good; deliveries not yet made are marked failed.",
  request: { params: IdParam },
  responses: { 200: json(SubscriptionDetailSchema, "The disabled subscription"), ...common, ...notFound },
});
const deliveriesRoute = createRoute({
  method: "get",
  path: "/subscriptions/{id}/deliveries",
  tags,
  summary: "Delivery log",
  description: "Deliveries newest first, each with its attempts (HTTP status or error, duration).",
  request: { params: IdParam, query: DeliveryQuery },
  responses: { 200: json(DeliveryListSchema, "The deliveries"), ...common, ...notFound },
});
const pingRoute = createRoute({
  method: "post",
  path: "/subscriptions/{id}/ping",
  tags,
  summary: "Send a test webhook",
  request: { params: IdParam },
  responses: { 202: json(PingSchema, "The ping is queued"), ...common, ...notFound, 409: problem("The subscription is disabled") },
});

/** Mounted at /api/watch. */
export const api = createRouter()
  .openapi(createSubscriptionRoute, async (c) => c.json(await createSubscription({ ctx: serviceCtx(c), input: c.req.valid("json"), options: options(c) }), 201))
  .openapi(listRoute, async (c) => c.json({ items: await listSubscriptions({ ctx: serviceCtx(c) }) }, 200))
  .openapi(getRoute, async (c) => c.json(await getSubscription({ ctx: serviceCtx(c), input: { subscriptionId: c.req.valid("param").id } }), 200))
  .openapi(addRoute, async (c) => c.json(await addCertificates({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), subscriptionId: c.req.valid("param").id } }), 200))
  .openapi(disableRoute, async (c) => c.json(await disableSubscription({ ctx: serviceCtx(c), input: { subscriptionId: c.req.valid("param").id } }), 200))
  .openapi(deliveriesRoute, async (c) => c.json({ items: await listDeliveries({ ctx: serviceCtx(c), input: { subscriptionId: c.req.valid("param").id, limit: c.req.valid("query").limit } }) }, 200))
  .openapi(pingRoute, async (c) => c.json(await pingSubscription({ ctx: serviceCtx(c), input: { subscriptionId: c.req.valid("param").id } }), 202));
