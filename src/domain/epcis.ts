import { createHash } from "node:crypto";

/*
 * The stamps' life as GS1 EPCIS 2.0 events (JSON-LD, CBV 2.0 bare words, which the EPCIS context maps): a pure
 * projection of rows the stamps and retail areas already keep, so nothing here is stored twice. Which CBV step
 * each fact is, and why, is in the README ("EPCIS 2.0 events"); the short version:
 *
 *   issuing a batch      ObjectEvent ADD      encoding / encoded        (labels carry serials, on no pack yet)
 *   activation on a lot  ObjectEvent ADD      commissioning / active    (the lot class is made; ILMD = the lot;
 *                                            creating_class_instance for more stamps onto a lot already in use)
 *   voiding              ObjectEvent DELETE   decommissioning / inactive
 *   sale at a till       ObjectEvent OBSERVE  retail_selling / retail_sold, at the point of sale
 *   scans of a day       ObjectEvent OBSERVE  ocop:consumer_scanning (ours: a consumer's look is not a business step)
 *
 * Identifiers are GS1 Digital Link URIs on the registry's own host: the product class /01/{gtin}, the lot class
 * /01/{gtin}/10/{lot}, one stamp /01/{gtin}/21/{serial}. The serial is the stamp's 12 random characters WITHOUT
 * the MAC: the full printed code is what makes a stamp genuine, and this document is public, so publishing codes
 * would hand out what a counterfeiter needs to print copies. A holder of a stamp finds its events from the code's
 * first 12 characters. A product without a GTIN is named by its public page (/p/{id}, /p/{id}?lot=…).
 */

export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
/** Vietnam keeps no daylight saving time, so every event is written at +07:00. */
export const VN_OFFSET = "+07:00";
const VN_OFFSET_MS = 7 * 3_600_000;

/** The registry's namespace for its EPCIS extensions (the `ocop:` prefix of the document's context). */
export const ocopNamespace = (base: string) => `${trim(base)}/epcis/voc/`;
const trim = (base: string) => base.replace(/\/+$/, "");

export const EVENT_KINDS = ["issued", "activated", "voided", "sold", "scanned"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
/** The order of kinds at one instant, part of the paging key (an issue sorts before an activation at the same time). */
export const KIND_ORDER: Record<EventKind, number> = { issued: 1, activated: 2, voided: 3, sold: 4, scanned: 5 };
export const KIND_OF_ORDER = Object.fromEntries(Object.entries(KIND_ORDER).map(([k, v]) => [v, k])) as Record<number, EventKind>;

export const SCAN_BIZ_STEP = "consumer_scanning";
/** The bizStep filter's words: the CBV steps we emit, and our own for the scans. */
export const BIZ_STEPS: Record<string, EventKind> = {
  encoding: "issued",
  commissioning: "activated",
  creating_class_instance: "activated",
  decommissioning: "voided",
  retail_selling: "sold",
  [SCAN_BIZ_STEP]: "scanned",
};

// GS1's "character set 82", at most 20 characters: what AI 10 (lot) may hold in a Digital Link.
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

export type ProductIds = { productId: number; gtin: string | null };

export function productClass(base: string, p: ProductIds): string {
  return p.gtin ? `${trim(base)}/01/${p.gtin}` : `${trim(base)}/p/${p.productId}`;
}

/** A lot number that is not GS1's character set (Vietnamese letters, more than 20 characters) is named by its page. */
export function lotClass(base: string, p: ProductIds, lot: string): string {
  return p.gtin && CSET82.test(lot) ? `${trim(base)}/01/${p.gtin}/10/${encodeURIComponent(lot)}` : `${trim(base)}/p/${p.productId}?lot=${encodeURIComponent(lot)}`;
}

export function stampInstance(base: string, p: ProductIds, serial: string): string {
  return p.gtin ? `${trim(base)}/01/${p.gtin}/21/${serial}` : `${trim(base)}/p/${p.productId}/21/${serial}`;
}

/** The instant in Vietnam's offset, as EPCIS writes eventTime: "2026-06-12T10:00:00.000+07:00". */
export function vnTime(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().replace("Z", VN_OFFSET);
}

/**
 * A stable eventID: a name-based UUID (RFC 9562 version 8, from SHA-256) of the registry and the event's key, so
 * the same fact has the same id on every page and every day. Not the `ni:///sha-256` event hash of CBV 2.0, which
 * a verifier would recompute from the event's fields by GS1's canonicalisation: we do not claim that algorithm.
 */
export function eventUuid(base: string, kind: EventKind, key: readonly (string | number)[]): string {
  const h = createHash("sha256").update(`ocop-epcis-v1\u0000${trim(base)}\u0000${kind}\u0000${key.join("\u0000")}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** One fact as the query reads it: the kind, its instant and key, and what the event names. */
export type EventRow = {
  kind: EventKind;
  /** The instant as the database holds it (microseconds), for the paging key. */
  at: string;
  k1: number;
  k2: number;
  k3: string;
  productId: number;
  gtin: string | null;
  batchId: number | null;
  certificateId: number | null;
  quantity: number;
  seqFrom: number | null;
  seqTo: number | null;
  lotNumber: string | null;
  producedOn: string | null;
  expiresOn: string | null;
  serial: string | null;
  retailPointId: number | null;
  retailPointName: string | null;
  day: string | null;
  country: string | null;
  region: string | null;
  /** An activation that first used its lot (the lot was made by it): CBV's commissioning of a class-level id. */
  firstUse: boolean | null;
};

/** The paging key of a row: after it comes the next page. */
export type PageKey = { at: string; kind: number; k1: number; k2: number; k3: string };
export const keyOf = (r: EventRow): PageKey => ({ at: r.at, kind: KIND_ORDER[r.kind], k1: r.k1, k2: r.k2, k3: r.k3 });

/** The opaque nextPageToken: the last event's key, base64url JSON (a keyset cursor, stable while events are added). */
export function encodePageToken(k: PageKey): string {
  return Buffer.from(JSON.stringify([k.at, k.kind, k.k1, k.k2, k.k3])).toString("base64url");
}

const PLACE_KEY = /^[\p{L}\p{N} .'|-]{0,130}$/u;
const TOKEN_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function decodePageToken(token: string): PageKey | null {
  if (token.length > 400 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (!Array.isArray(v) || v.length !== 5) return null;
    const [at, kind, k1, k2, k3] = v as unknown[];
    // A real instant (Date.parse takes "02-31"; the database would refuse it), and a place key as scans write it.
    if (typeof at !== "string" || !TOKEN_TIME.test(at) || Number.isNaN(Date.parse(at)) || Number(at.slice(0, 4)) < 1970 || new Date(Date.parse(at)).toISOString().slice(0, 10) !== at.slice(0, 10)) return null;
    if (typeof kind !== "number" || !KIND_OF_ORDER[kind]) return null;
    if (!Number.isSafeInteger(k1) || !Number.isSafeInteger(k2) || typeof k3 !== "string" || !PLACE_KEY.test(k3)) return null;
    return { at, kind, k1: k1 as number, k2: k2 as number, k3 };
  } catch {
    return null;
  }
}

/** The readPoint of a day's scans: the coarse place the edge reported (country, region), nothing finer. */
export function placeUri(base: string, country: string | null, region: string | null): string {
  return `${ocopNamespace(base)}place/${encodeURIComponent(country ?? "unknown")}/${encodeURIComponent(region ?? "unknown")}`;
}

export const retailPointUri = (base: string, id: number) => `${ocopNamespace(base)}retail-point/${id}`;

type Json = Record<string, unknown>;

/** The EPCIS 2.0 ObjectEvent of one row. */
export function toEpcisEvent(base: string, r: EventRow): Json {
  const p = { productId: r.productId, gtin: r.gtin };
  const at = new Date(r.at);
  const key = [r.k1, r.k2, r.k3, r.at];
  const head = (action: string, bizStep: string, disposition?: string): Json => ({
    type: "ObjectEvent",
    eventID: eventUuid(base, r.kind, key),
    eventTime: vnTime(at),
    eventTimeZoneOffset: VN_OFFSET,
    action,
    bizStep,
    ...(disposition ? { disposition } : {}),
  });
  const range = r.batchId === null ? {} : { "ocop:stampBatch": r.batchId, ...(r.seqFrom === null ? {} : r.kind === "sold" ? { "ocop:stampSeq": r.seqFrom } : { "ocop:firstSeq": r.seqFrom, "ocop:lastSeq": r.seqTo }) };
  const cert = r.certificateId === null ? {} : { certificationInfo: `${trim(base)}/c/${r.certificateId}` };
  switch (r.kind) {
    case "issued":
      return { ...head("ADD", "encoding", "encoded"), recordTime: vnTime(at), quantityList: [{ epcClass: productClass(base, p), quantity: r.quantity }], ...cert, ...range };
    case "activated":
      return {
        // CBV: commissioning a class-level identifier is its first use; more stamps onto a lot already in use
        // (a second roll for the same lot) are creating_class_instance.
        ...head("ADD", r.firstUse === false ? "creating_class_instance" : "commissioning", "active"),
        recordTime: vnTime(at),
        quantityList: [{ epcClass: lotClass(base, p, r.lotNumber ?? ""), quantity: r.quantity }],
        ilmd: {
          "cbvmda:lotNumber": r.lotNumber,
          ...(r.producedOn ? { "ocop:producedOn": r.producedOn } : {}),
          ...(r.expiresOn ? { "cbvmda:itemExpirationDate": r.expiresOn } : {}),
        },
        ...cert,
        ...range,
      };
    case "voided":
      return { ...head("DELETE", "decommissioning", "inactive"), recordTime: vnTime(at), quantityList: [{ epcClass: r.lotNumber ? lotClass(base, p, r.lotNumber) : productClass(base, p), quantity: r.quantity }], ...range };
    case "sold": {
      const where = { id: retailPointUri(base, r.retailPointId!) };
      return {
        ...head("OBSERVE", "retail_selling", "retail_sold"),
        recordTime: vnTime(at),
        epcList: [stampInstance(base, p, r.serial!)],
        readPoint: where,
        bizLocation: where,
        ...(r.lotNumber ? { "ocop:lot": lotClass(base, p, r.lotNumber) } : {}),
        ...(r.retailPointName ? { "ocop:retailPointName": r.retailPointName } : {}),
        ...range,
      };
    }
    case "scanned":
      // The class, without a quantity: the figure counts looks at stamps (a pack scanned twice by two people is
      // two), not packs, so it is our extension and not quantityList's quantity of objects.
      return {
        ...head("OBSERVE", `${ocopNamespace(base)}${SCAN_BIZ_STEP}`),
        quantityList: [{ epcClass: productClass(base, p) }],
        readPoint: { id: placeUri(base, r.country, r.region) },
        "ocop:scanDay": r.day,
        "ocop:scanCount": r.quantity,
        ...(r.country ? { "ocop:country": r.country } : {}),
        ...(r.region ? { "ocop:region": r.region } : {}),
      };
  }
}

export function epcisDocument(base: string, now: Date, events: Json[], next: { token: string; url: string } | null): Json {
  return {
    "@context": [EPCIS_CONTEXT, { ocop: ocopNamespace(base) }],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate: now.toISOString(),
    epcisBody: { eventList: events },
    ...(next ? { "ocop:nextPageToken": next.token, "ocop:nextPage": next.url } : {}),
  };
}
