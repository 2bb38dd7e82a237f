import { z } from "@hono/zod-openapi";
import { BIZ_STEPS, decodePageToken } from "../../domain/epcis.js";
import { isSerial, SERIAL_LENGTH } from "../../domain/stamp-code.js";
import { bi, zQueryId } from "../../lib/validation.js";

// The query of GET /api/epcis/events. Unknown parameters are refused (a misspelt filter must not widen the answer).

export const MAX_PER_PAGE = 1000;
export const DEFAULT_PER_PAGE = 100;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

// A real calendar day: Date.parse alone takes "2026-02-31" (as 3 March). Years 1970–2999: year 0 or 9999's next
// day are not instants the database takes, and no stamp event lies outside.
const realDay = (d: string) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  const year = Number(d.slice(0, 4));
  return !Number.isNaN(t) && year >= 1970 && year <= 2999 && new Date(t).toISOString().slice(0, 10) === d;
};
const isWhen = (v: string) => (DAY.test(v) && realDay(v)) || (INSTANT.test(v) && realDay(v.slice(0, 10)) && !Number.isNaN(Date.parse(v)));

/** A Vietnam calendar day ("2026-06-12") or an instant with its offset; what it means as a bound is the route's. */
const when = (vi: string, en: string) =>
  z
    .string()
    .trim()
    .refine(isWhen, {
      message: bi(`${vi}: ngày YYYY-MM-DD hoặc thời điểm ISO 8601 có múi giờ`, `${en}: a YYYY-MM-DD day or an ISO 8601 instant with its offset`),
    });

export const EVENT_TYPES = ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"] as const;

export const EpcisEventsQuery = z
  .strictObject({
    productId: zQueryId().optional().openapi({ description: "Only this product's events", example: 1 }),
    batchId: zQueryId().optional().openapi({ description: "Only this stamp batch's events (no scan events: scans are counted per product)" }),
    lot: z.string().trim().min(1).max(60, bi("Tối đa 60 ký tự", "At most 60 characters")).optional().openapi({ description: "Only events of stamps on this lot number (with productId: of that product's lot)", example: "L2026-06-A" }),
    serial: z
      .string()
      .max(64)
      // The printed code as typed (any case, with hyphens) or its first 12 characters: only the serial is kept.
      .transform((v) => v.replace(/[\s-]/g, "").toUpperCase().slice(0, SERIAL_LENGTH))
      .refine(isSerial, { message: bi("Số sê-ri tem: 12 ký tự đầu của mã in trên tem", "A stamp serial: the first 12 characters of the printed code") })
      .optional()
      .openapi({ description: "Only one stamp's events: its serial, the first 12 characters of the printed code (the code itself is accepted and cut)", example: "49QB8KEAN473" }),
    from: when("Từ ngày", "from").optional().openapi({ description: "Events at or after: a Vietnam day (its 00:00 +07:00) or an instant", example: "2026-06-01" }),
    to: when("Đến ngày", "to").optional().openapi({ description: "Events before: a Vietnam day is included whole; an instant is excluded", example: "2026-06-30" }),
    eventType: z.enum(EVENT_TYPES).optional().openapi({ description: "EPCIS event type; the registry's events are all ObjectEvents" }),
    bizStep: z
      .enum(Object.keys(BIZ_STEPS) as [string, ...string[]])
      .optional()
      .openapi({ description: "encoding (issued), commissioning (activated on a new lot), creating_class_instance (more stamps onto a lot in use), decommissioning (voided), retail_selling (sold), consumer_scanning (scans of a day)" }),
    perPage: z.coerce
      .number()
      .int(bi("Số nguyên", "An integer"))
      .min(1, bi("Ít nhất 1", "At least 1"))
      .max(MAX_PER_PAGE, bi(`Tối đa ${MAX_PER_PAGE}`, `At most ${MAX_PER_PAGE}`))
      .default(DEFAULT_PER_PAGE)
      .openapi({ description: `Events per page (1–${MAX_PER_PAGE})`, example: 100 }),
    nextPageToken: z
      .string()
      .refine((v) => decodePageToken(v) !== null, { message: bi("Mã trang không hợp lệ: dùng đúng giá trị từ trang trước", "Invalid page token: pass the value the previous page gave") })
      .optional()
      .openapi({ description: "The previous page's ocop:nextPageToken (also in its Link rel=\"next\")" }),
  })
  .superRefine((q, ctx) => {
    // Zod runs this even when a field failed: compare only two bounds that are well-formed.
    if (q.from && q.to && isWhen(q.from) && isWhen(q.to) && bound(q.from, "from") >= bound(q.to, "to")) ctx.addIssue({ code: "custom", path: ["to"], message: bi("\"Đến\" phải sau \"từ\"", "\"to\" must be after \"from\"") });
  });
export type EpcisEventsQuery = z.infer<typeof EpcisEventsQuery>;

/** A query bound as an instant: a day starts at its 00:00 in Vietnam; a `to` day is included whole (its next 00:00). */
export function bound(v: string, side: "from" | "to"): string {
  if (!DAY.test(v)) return new Date(v).toISOString();
  const start = Date.parse(`${v}T00:00:00+07:00`);
  return new Date(side === "to" ? start + 86_400_000 : start).toISOString();
}

/** What the document is (declared for the OpenAPI reference; the GS1 JSON Schema is what it is tested against). */
export const EpcisDocumentSchema = z
  .object({
    "@context": z.array(z.unknown()),
    type: z.literal("EPCISDocument"),
    schemaVersion: z.literal("2.0"),
    creationDate: z.string(),
    epcisBody: z.object({ eventList: z.array(z.record(z.string(), z.unknown())) }),
    "ocop:nextPageToken": z.string().optional(),
    "ocop:nextPage": z.string().optional(),
  })
  .openapi("EPCISDocument");
