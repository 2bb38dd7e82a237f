import { createRequire } from "node:module";

/*
 * GS1's own Digital Link validator (digital-link.js, Digimarc/EVRYTHNG, built from the standard's ABNF grammar),
 * typed for the tests: an independent check of every URI the resolver emits or accepts.
 */

type DigitalLinkObject = {
  isValid(): boolean;
  getIdentifier(): Record<string, string>;
  getKeyQualifiers(): Record<string, string>;
  getAttributes(): Record<string, string>;
  toWebUriString(): string;
};

const require = createRequire(import.meta.url);
const lib = require("digital-link.js") as { DigitalLink: (uri: string) => DigitalLinkObject };

/** The URI as digital-link.js reads it: whether it is a valid GS1 Digital Link, and its parts. */
export function gs1Check(uri: string): { valid: boolean; identifier: Record<string, string>; keyQualifiers: Record<string, string>; attributes: Record<string, string> } {
  try {
    const dl = lib.DigitalLink(uri);
    return { valid: dl.isValid(), identifier: dl.getIdentifier(), keyQualifiers: dl.getKeyQualifiers(), attributes: dl.getAttributes() };
  } catch {
    return { valid: false, identifier: {}, keyQualifiers: {}, attributes: {} };
  }
}
