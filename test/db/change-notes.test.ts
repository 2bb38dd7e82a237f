import { describe, expect, it } from "vitest";
import { parseChangeNote, scanNotePayloads } from "../../src/db/change-notes.js";

describe("notes of scanned stamps", () => {
  it("are cut under PostgreSQL's 8,000-byte payload limit and carry every stamp once, in order", () => {
    const ids = Array.from({ length: 3_000 }, (_, i) => 1_000_000 + i * 7);
    const payloads = scanNotePayloads("proc-a", ids);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8_000);
    const back = payloads.map(parseChangeNote);
    expect(back.every((n) => n?.kind === "scans" && n.from === "proc-a")).toBe(true);
    expect(back.flatMap((n) => (n?.kind === "scans" ? n.stampIds : []))).toEqual(ids);
  });

  it("make one payload for a few stamps, none for none; other payloads on the channel are not notes", () => {
    expect(scanNotePayloads("p", [1, 2, 3])).toEqual([JSON.stringify({ kind: "scans", from: "p", stampIds: [1, 2, 3] })]);
    expect(scanNotePayloads("p", [])).toEqual([]);
    expect(parseChangeNote(JSON.stringify({ kind: "scans", from: 1, stampIds: [1] }))).toBeNull();
    expect(parseChangeNote("not json")).toBeNull();
  });
});
