import { hash, randomBytes } from "node:crypto";
import { parseStampCode } from "../../../domain/stamp-code.js";
import { scanVerdict } from "../../../domain/scan-verdict.js";
import type { ScanSink } from "../runtime/scan-recorder.js";
import type { StampCache } from "../runtime/stamp-cache.js";
import type { ScanResult } from "../inputs.js";
import { placeKey } from "../queries/stamp-view.js";

/*
 * One scan: the code is checked without the database (forged and mistyped codes stop here), the stamp's view
 * comes from the cache, the verdict from scan-verdict.ts, and the scan is handed to the recorder.
 *
 * Who scans is known only in memory, as a keyed hash of the scanner's network (scannerOf in scan-verdict.ts:
 * the address's /24 or /48, never the user-agent) that changes every day with a key never written anywhere:
 * enough to tell one scanner's repeats within an hour (so a replayer, even one rotating user-agents, cannot
 * inflate a stamp's count or make it look suspicious) and nothing that identifies a person.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;

export class ScanService {
  private salt = { day: -1, key: "" };

  constructor(
    private readonly deps: { cache: StampCache; recorder: ScanSink; stampKeys: string[] },
  ) {}

  private visitorOf(who: string, now: Date): string {
    const day = Math.floor(now.getTime() / DAY);
    if (this.salt.day !== day) this.salt = { day, key: randomBytes(32).toString("base64") };
    // A keyed hash (salt ‖ who) in one call: createHmac's per-call setup cost more than the rest of a scan.
    return hash("sha256", `${this.salt.key}|${who}`, "base64url").slice(0, 16);
  }

  /** Reads a code without recording anything (retail verification, JSON previews): no side effects. */
  async peek(text: string, now: Date): Promise<ScanResult> {
    return this.resolve(text, now, null, null);
  }

  async scan(text: string, now: Date, who: string, place: { country: string | null; region: string | null }): Promise<ScanResult> {
    return this.resolve(text, now, who, place);
  }

  /** Codes already verified, so a stamp scanned again costs no HMAC; only codes that passed are kept. */
  private readonly verified = new Map<string, { ok: true; serial: string; code: string }>();

  private parse(text: string) {
    const hit = this.verified.get(text);
    if (hit) return hit;
    const parsed = parseStampCode(text, this.deps.stampKeys);
    if (parsed.ok) {
      if (this.verified.size >= 100_000) this.verified.clear();
      this.verified.set(text, parsed);
    }
    return parsed;
  }

  private async resolve(text: string, now: Date, who: string | null, place: { country: string | null; region: string | null } | null): Promise<ScanResult> {
    const parsed = this.parse(text);
    if (!parsed.ok) return { verdict: "unknown", reason: parsed.message, code: text };
    const entry = await this.deps.cache.get(parsed.serial, now);
    if (!entry) return { verdict: "unknown", reason: { vi: "Mã tem đúng định dạng nhưng không có trong sổ tem đã phát hành.", en: "The code is well-formed but no issued stamp has it." }, code: parsed.code };
    const v = entry.view;
    const t = now.getTime();
    let previousScans = v.uniqueScans + entry.since.unique;
    const firstScanAt = v.firstScanAt ?? entry.since.firstScanAt;

    let repeat = false;
    const where = place ? placeKey(place.country, place.region) : null;
    if (who !== null) {
      const visitor = this.visitorOf(who, now);
      const last = entry.visitors.get(visitor);
      repeat = last !== undefined && t - last < HOUR;
      // A scanner reloading the page within the hour is told what it was told the first time, not about itself.
      if (repeat) previousScans = Math.max(0, previousScans - 1);
      entry.visitors.set(visitor, t);
      if (entry.visitors.size > 5_000) entry.visitors.delete(entry.visitors.keys().next().value as string);
      if (!repeat) entry.mine.push({ at: t, visitor, place: where });
      // Drop scans older than a day from the front (they are in time order), without a new array per scan.
      let old = 0;
      while (old < entry.mine.length && t - entry.mine[old]!.at >= DAY) old++;
      if (old) entry.mine.splice(0, old);
    }
    let scanners = entry.mine.length;
    let places = 0;
    if (scanners > 0 || v.recent.length > 0) {
      const seen = new Set<string>();
      for (const r of v.recent) {
        // The view was read after this process's own scans of it were written (the cache settles them first), so
        // its rows and `mine` (scans since the read) never overlap.
        if (t - r.at >= DAY) continue;
        scanners++;
        if (r.place) seen.add(r.place);
      }
      for (const m of entry.mine) if (m.place) seen.add(m.place);
      places = seen.size;
    }
    const verdict = scanVerdict({
      known: true,
      voided: v.voided,
      activated: v.activated,
      certificateStatus: v.certificate?.status ?? null,
      previousScans,
      firstScanAt: firstScanAt ? new Date(firstScanAt) : null,
      scannersLastDay: scanners,
      placesLastDay: places,
      soldAt: v.sold ? new Date(v.sold.at) : null,
    });
    if (who !== null) {
      this.deps.recorder.record({ stampId: v.stampId, at: now, country: place?.country ?? null, region: place?.region ?? null, verdict, repeat });
      entry.since.scans++;
      if (!repeat) entry.since.unique++;
      entry.since.firstScanAt ??= now.toISOString();
    }
    return { verdict, code: parsed.code, view: v, previousScans, firstScanAt, recorded: who !== null };
  }
}
