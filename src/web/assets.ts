import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const versions = new Map<string, { mtimeMs: number; hash: string }>();
// Undefined in the Worker bundle (no file system there): its pages link the plain URL, cached for a day.
const PUBLIC_DIR = import.meta.dirname ? join(import.meta.dirname, "../../public") : undefined;

/**
 * `/static/<name>?v=<content hash>`: the URL changes whenever the file does, so /static/* can be cached for a
 * year. The stat per call is cheap and picks up edits without a restart. Where there is no file system (the
 * Worker serves assets itself) the plain URL is returned.
 */
export function assetUrl(name: string): string {
  if (!PUBLIC_DIR) return `/static/${name}`;
  try {
    const file = join(PUBLIC_DIR, name);
    const { mtimeMs } = statSync(file);
    let v = versions.get(name);
    if (!v || v.mtimeMs !== mtimeMs) {
      v = { mtimeMs, hash: createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 12) };
      versions.set(name, v);
    }
    return `/static/${name}?v=${v.hash}`;
  } catch {
    return `/static/${name}`;
  }
}
