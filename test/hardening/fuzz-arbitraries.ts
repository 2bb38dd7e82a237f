import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";

/*
 * Arbitraries for the hostile-input fuzz test: values shaped by an operation's JSON Schema most of the time (so a
 * request gets past the first check and reaches the code behind it), and hostile values in any place some of the
 * time (so every check is tried).
 */

export type JsonSchema = Record<string, any>;
export type Resolver = (s: JsonSchema) => JsonSchema;

/** What broke a route at least once somewhere: NUL, lone surrogates, injection, overflow, odd dates and numbers. */
const HOSTILE_STRINGS = [
  "", " ", "\u0000", "a\u0000b", "\ud800", "x\udfff", "\ude00\ud83d", "%00", "%", "%zz", "\\", "'", "' OR '1'='1", "'; drop table users; --",
  "<script>alert(1)</script>", "../../../etc/passwd", "..%2f..%2fetc", "\u202etxt.exe", "🙂", "ﷺ", "\r\n", "a\nb", "${7*7}", "{{7*7}}",
  "-1", "0", "1", "2147483648", "-2147483649", "9007199254740993", "99999999999999999999999", "1e309", "1e16", "1500000.5", "NaN", "Infinity",
  "null", "true", "[]", "{}", "2026-02-30", "2026-13-01", "9999-12-31", "0000-00-00", "2025-06-30", "2025-07-01", "T", "x".repeat(3000),
];
const HOSTILE_NUMBERS = [0, -1, 1, 2, 3, 2147483647, 2147483648, -2147483649, 9007199254740993, 1.5, -0.0001, 1e16, 1e308, 1500000.5, 100, 90, 89.99];

export const hostileString = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) }, { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: "binary" }) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
const hostileNumber = fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(hostileString, hostileNumber, fc.constant(null), fc.boolean(), fc.constant([]), fc.constant({}));
const hostileAny: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileLeaf },
  { weight: 1, arbitrary: fc.array(hostileLeaf, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileLeaf, { maxKeys: 3 }) },
);

const isoDate = fc.date({ min: new Date("2019-01-01"), max: new Date("2032-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/**
 * A value for a schema: shaped by it (valid or at its edges), or hostile with weight `hostile` out of 12. A low
 * weight gives bodies that are valid but for one field, which is what reaches the database; a high one tries the
 * validators themselves.
 */
export function schemaValue(resolve: Resolver, raw: JsonSchema, depth = 0, hostile = 3, key = ""): fc.Arbitrary<unknown> {
  const schema = resolve(raw ?? {});
  if (depth > 4) return hostileLeaf;
  const shaped = shapedValue(resolve, schema, depth, hostile, key);
  return fc.oneof({ weight: 12 - hostile, arbitrary: shaped }, { weight: hostile, arbitrary: hostileAny });
}

/** Plausible words, so a text field is more often accepted than a random string would be. */
const WORDS = ["Trà xanh Hà Tĩnh", "Bưởi Phúc Trạch", "ghi chú", "lý do trả lại hồ sơ", "HTX", "ok", "L-2026-01", "Nguyễn Văn A", "0912345678", "a@b.vn", "42", "18547"];

function shapedValue(resolve: Resolver, schema: JsonSchema, depth: number, hostile: number, key: string): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum) && schema.enum.length) return fc.constantFrom(...schema.enum);
  if ("const" in schema) return fc.constant(schema.const);
  const alts = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(alts) && alts.length) return fc.oneof(...alts.map((a: JsonSchema) => schemaValue(resolve, a, depth + 1, hostile, key)));
  if (Array.isArray(schema.allOf) && schema.allOf.length) return shapedValue(resolve, Object.assign({}, ...schema.allOf.map(resolve)), depth, hostile, key);
  const type = Array.isArray(schema.type) ? schema.type.find((x: string) => x !== "null") : schema.type;
  switch (type) {
    case "object": {
      const props: Record<string, JsonSchema> = schema.properties ?? {};
      const keys = Object.keys(props);
      if (!keys.length) return fc.dictionary(hostileString, hostileLeaf, { maxKeys: 3 });
      const field = (k: string) => schemaValue(resolve, props[k]!, depth + 1, hostile, k);
      const record = fc.record(Object.fromEntries(keys.map((k) => [k, field(k)])), { requiredKeys: [] });
      // Mostly with every required key present, so the request gets past "field required".
      const required: string[] = schema.required ?? [];
      const full = fc.record(Object.fromEntries(keys.map((k) => [k, field(k)])), { requiredKeys: required.filter((k) => keys.includes(k)) });
      return fc.oneof({ weight: 3, arbitrary: full }, { weight: 1, arbitrary: record });
    }
    case "array":
      return fc.array(schemaValue(resolve, schema.items ?? {}, depth + 1, hostile, key), { maxLength: schema.maxItems ? Math.min(schema.maxItems + 1, 5) : 4 });
    case "integer":
    case "number": {
      const lo = typeof schema.minimum === "number" ? schema.minimum : -5;
      const hi = typeof schema.maximum === "number" ? Math.min(schema.maximum, 2 ** 40) : 5000;
      const edges = [lo, hi, lo - 1, hi + 1].filter((n) => Number.isFinite(n));
      // Ids of the demo data are small: an id field mostly names a row that exists.
      if (/Ids?$/.test(key) && type === "integer") return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 2147483647, 2147483648) });
      const inRange = type === "integer" ? fc.integer({ min: Math.ceil(Math.max(lo, -(2 ** 31))), max: Math.floor(Math.min(hi, 2 ** 31)) }) : fc.double({ min: lo, max: hi, noNaN: true });
      return fc.oneof({ weight: 3, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(...edges) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) });
    }
    case "boolean":
      return fc.boolean();
    case "string": {
      if (schema.format === "date") return fc.oneof({ weight: 3, arbitrary: isoDate }, { weight: 1, arbitrary: hostileString });
      if (schema.format === "date-time") return fc.oneof(isoDate.map((d) => `${d}T03:00:00Z`), hostileString);
      const max = typeof schema.maxLength === "number" ? schema.maxLength : 60;
      if (typeof schema.pattern === "string") {
        const pattern = safeRegExp(schema.pattern);
        if (pattern) return fc.oneof({ weight: 4, arbitrary: fc.stringMatching(pattern) }, { weight: 1, arbitrary: hostileString });
      }
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...WORDS.filter((w) => w.length <= max && w.length >= (schema.minLength ?? 0)), "x".repeat(Math.max(1, Math.min(max, schema.minLength ?? 1)))) },
        { weight: 1, arbitrary: fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(max, 60) }) },
        { weight: 1, arbitrary: fc.constant("x".repeat(max + 1)) },
        { weight: 1, arbitrary: hostileString },
        { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,12}$/) },
      );
    }
    default:
      return hostileAny;
  }
}

function safeRegExp(source: string): RegExp | null {
  try {
    return new RegExp(source.startsWith("^") ? source : `^(?:${source})$`, "u");
  } catch {
    return null;
  }
}

/** A path parameter: ids that exist in the demo data, at the column's edges, past them, and not numbers at all. */
export function pathValue(schema: JsonSchema): fc.Arbitrary<string | number> {
  const numeric = schema.type === "integer" || schema.type === "number";
  return fc.oneof(
    { weight: numeric ? 4 : 1, arbitrary: fc.integer({ min: 1, max: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 2147483647, 2147483648, "9999999999999999999999", "1e3", "0x10", "01", " 1", "%FF", "%C0%80", "%ED%A0%80") },
    { weight: numeric ? 1 : 3, arbitrary: hostileString },
  );
}

/**
 * Percent-encodes as a hostile client may: a lone surrogate becomes its three generalized-UTF-8 bytes (%ED%A0%80),
 * which no valid UTF-8 holds (encodeURIComponent refuses to write it at all).
 */
export function pct(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** A query value: shaped or hostile, as text. */
export function queryValue(resolve: Resolver, schema: JsonSchema): fc.Arbitrary<string> {
  return schemaValue(resolve, schema, 2).map((v) => (typeof v === "string" ? v : JSON.stringify(v) ?? ""));
}

export type Body = { contentType?: string; payload: BodyInit };

/** A JSON body shaped by the schema, or broken JSON, or JSON of the wrong shape altogether. */
export function jsonBody(resolve: Resolver, schema: JsonSchema): fc.Arbitrary<Body> {
  const json = (v: unknown) => ({ contentType: "application/json", payload: JSON.stringify(v) ?? "null" });
  return fc.oneof(
    { weight: 4, arbitrary: schemaValue(resolve, schema, 0, 1).map(json) },
    { weight: 2, arbitrary: schemaValue(resolve, schema, 0, 4).map(json) },
    { weight: 1, arbitrary: fc.constantFrom("{", '{"a":', "[1,2", "\u0000", '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', "", "null", '"text"').map((payload) => ({ contentType: "application/json", payload })) },
    { weight: 1, arbitrary: schemaValue(resolve, schema).map((v) => ({ contentType: "text/plain", payload: JSON.stringify(v) ?? "" })) },
  );
}

/** A multipart body with the schema's fields: text fields hostile or shaped, file fields of random bytes and types. */
export function multipartBody(resolve: Resolver, schema: JsonSchema): fc.Arbitrary<Body> {
  const props: Record<string, JsonSchema> = resolve(schema).properties ?? {};
  const field = (s: JsonSchema, key: string) => {
    const r = resolve(s);
    if (r.format === "binary" || r.type === "file")
      return fc.record({ bytes: fc.uint8Array({ maxLength: 300 }), type: fc.constantFrom("image/png", "image/jpeg", "application/pdf", "text/plain", ""), name: hostileString }).map((f) => new File([f.bytes], f.name || "f", { type: f.type }));
    return schemaValue(resolve, r, 1, 2, key).map((v) => (typeof v === "string" ? v : JSON.stringify(v) ?? ""));
  };
  const fields = fc.record(Object.fromEntries(Object.entries(props).map(([k, s]) => [k, field(s, k)])), { requiredKeys: [] });
  return fc.oneof(
    { weight: 5, arbitrary: fields.map((f) => {
      const data = new FormData();
      for (const [k, v] of Object.entries(f)) data.append(k, v as string | File);
      return { payload: data } as Body;
    }) },
    // A multipart type with a missing or wrong boundary.
    { weight: 1, arbitrary: fc.constantFrom("multipart/form-data", "multipart/form-data; boundary=x", "multipart/form-data; boundary=").map((contentType) => ({ contentType, payload: "--y\r\ncontent-disposition: form-data; name=a\r\n\r\n1\r\n--y--" })) },
  );
}

/** Every form field name the pages print, read from the views, so forms are posted with the names they read. */
export function formFieldNames(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".tsx")) for (const m of readFileSync(p, "utf8").matchAll(/\bname=\{?"([A-Za-z_][A-Za-z0-9_.]*)"/g)) names.add(m[1]!);
    }
  };
  walk(join(import.meta.dirname, "../../src"));
  names.delete("_csrf");
  return [...names].sort();
}
