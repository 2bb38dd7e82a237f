import { z } from "@hono/zod-openapi";
import { bi } from "../../lib/validation.js";
import { MAX_URL_LENGTH } from "./services/receiver.js";

// Input and output shapes of the watch API. Whether the URL is acceptable depends on the configuration, so the
// service checks it (https, no credentials, no private address); the schema only bounds it.

const certificateIds = z
  .array(z.number(bi("Mã giấy chứng nhận là số", "A certificate id is a number")).int(bi("Mã giấy chứng nhận là số nguyên", "A certificate id is a whole number")).positive(bi("Mã giấy chứng nhận phải dương", "A certificate id is positive")))
  .min(1, bi("Chọn ít nhất 1 giấy chứng nhận", "Choose at least 1 certificate"))
  .max(500, bi("Tối đa 500 giấy chứng nhận mỗi lần", "At most 500 certificates at a time"))
  .openapi({ example: [12, 15] });

export const CreateSubscriptionInput = z
  .strictObject({
    url: z
      .string(bi("Nhập URL nhận webhook", "Enter the receiver URL"))
      .trim()
      .min(1, bi("Nhập URL nhận webhook", "Enter the receiver URL"))
      .max(MAX_URL_LENGTH, bi(`URL tối đa ${MAX_URL_LENGTH} ký tự`, `The URL has at most ${MAX_URL_LENGTH} characters`))
      .openapi({ example: "https://cuahang.example.vn/hooks/ocop" }),
    description: z.string().trim().max(500, bi("Mô tả tối đa 500 ký tự", "The description has at most 500 characters")).optional(),
    certificateIds,
  })
  .openapi("CreateWatchSubscriptionRequest");
export type CreateSubscriptionInput = z.output<typeof CreateSubscriptionInput>;

export const AddCertificatesInput = z.strictObject({ certificateIds }).openapi("AddWatchedCertificatesRequest");
export type AddCertificatesInput = z.output<typeof AddCertificatesInput>;

const subscriptionFields = {
  id: z.number().int(),
  url: z.string(),
  description: z.string().nullable(),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  certificateCount: z.number().int(),
};

export const SubscriptionSchema = z.object(subscriptionFields).openapi("WatchSubscription");
export type SubscriptionView = z.output<typeof SubscriptionSchema>;

export const SubscriptionDetailSchema = z.object({ ...subscriptionFields, certificateIds: z.array(z.number().int()) }).openapi("WatchSubscriptionDetail");
export type SubscriptionDetail = z.output<typeof SubscriptionDetailSchema>;

export const CreatedSubscriptionSchema = z
  .object({ ...subscriptionFields, certificateIds: z.array(z.number().int()), secret: z.string().openapi({ description: "whsec_… signing secret; shown only in this response." }) })
  .openapi("CreatedWatchSubscription");
export type CreatedSubscription = z.output<typeof CreatedSubscriptionSchema>;

export const SubscriptionListSchema = z.object({ items: z.array(SubscriptionSchema) }).openapi("WatchSubscriptionList");

export const AttemptSchema = z.object({ attempt: z.number().int(), at: z.string(), status: z.number().int().nullable(), error: z.string().nullable(), durationMs: z.number().int() });

export const DeliverySchema = z
  .object({
    id: z.number().int(),
    eventId: z.string(),
    eventType: z.string(),
    createdAt: z.string(),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    failedAt: z.string().nullable(),
    attemptLog: z.array(AttemptSchema),
  })
  .openapi("WebhookDelivery");
export type DeliveryView = z.output<typeof DeliverySchema>;

export const DeliveryListSchema = z.object({ items: z.array(DeliverySchema) }).openapi("WebhookDeliveryList");

export const DeliveryQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const PingSchema = z.object({ deliveryId: z.number().int(), eventId: z.string() }).openapi("WebhookPing");
