import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";

/*
 * GS1's EPCIS 2.0 JSON Schema (draft-07, test/fixtures/epcis-2.0/, copied unchanged), compiled once with ajv and
 * ajv-formats (the schema leans on "uri" and "date-time"): the independent check of what /api/epcis/events serves.
 */

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const schema = JSON.parse(readFileSync(new URL("../fixtures/epcis-2.0/EPCIS-JSON-Schema.json", import.meta.url), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema's errors for a document, [] when it is valid. */
export function epcisErrors(doc: unknown): string[] {
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}
