import { describe, expect, it } from "vitest";
import { cardStatus, VERDICT_TONE, VERDICTS } from "../../src/domain/scan-verdict.js";

describe("what the cards under a verdict may confirm", () => {
  it.each(VERDICTS)("%s", (v) => {
    const card = cardStatus(v);
    // Only a green verdict confirms the certificate; every amber or red one states its own status instead.
    expect(card.confirms).toBe(VERDICT_TONE[v] === "ok");
    if (!card.confirms) {
      expect(card.status.vi).toBeTruthy();
      expect(card.status.en).toBeTruthy();
      expect(card.status.vi).not.toMatch(/còn hiệu lực/i);
    }
  });
});
