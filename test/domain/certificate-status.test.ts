import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CERTIFICATE_STATUSES,
  CERTIFICATE_STATUS_LABELS,
  REVOCATION_GROUNDS,
  certificateStatus,
  certificateTerm,
  checkReevaluationFiling,
  classifyFiling,
  reevaluationWindow,
  revocationDeadline,
  type Certificate,
  type CertificateEvent,
  type CertificateStatus,
} from "../../src/domain/certificate-status.js";

const cert: Certificate = { decisionDate: "2026-03-15" };

describe("certificateTerm: 36 months from the decision day, which counts as day one", () => {
  it.each([
    ["2026-03-15", "2029-03-14", "2029-03-15"],
    ["2026-01-31", "2029-01-30", "2029-01-31"],
    ["2026-08-31", "2029-08-30", "2029-08-31"],
    ["2026-12-31", "2029-12-30", "2029-12-31"],
    ["2026-01-01", "2028-12-31", "2029-01-01"],
    // 29 Feb 2031 does not exist: the month's last day is the expiry.
    ["2028-02-29", "2031-02-27", "2031-02-28"],
    ["2028-02-28", "2031-02-27", "2031-02-28"],
    ["2027-02-28", "2030-02-27", "2030-02-28"],
    // …and a term ending in a leap February keeps the 29th.
    ["2025-02-28", "2028-02-27", "2028-02-28"],
    ["2025-03-01", "2028-02-29", "2028-03-01"],
  ])("decision %s → expires on (valid through) %s; lapsed on %s", (decisionDate, expiresOn, _lapsed) => {
    // Issue 12: one meaning of the expiry day, the last day of the 36 months ("ngày hết thời hạn").
    expect(certificateTerm({ decisionDate })).toEqual({ validFrom: decisionDate, expiresOn });
  });

  it("keeps the end an older decision states (Art. 12.1)", () => {
    expect(certificateTerm({ decisionDate: "2021-05-10", expiresOn: "2024-05-10" })).toEqual({ validFrom: "2021-05-10", expiresOn: "2024-05-10" });
  });

  it.each([["2026-02-30"], ["2026-13-01"], ["15/03/2026"], [""]])("refuses the date %j", (decisionDate) => {
    expect(() => certificateTerm({ decisionDate })).toThrow(RangeError);
  });
});

// Issue 12: the window is counted to the expiry day as the last valid day (one day earlier than before).
describe("re-evaluation window: 180 to 120 days before the expiry date, both inclusive (Art. 7.6a)", () => {
  it("opens on 15/09/2028 and closes on 14/11/2028 for a certificate expiring on (valid through) 14/03/2029", () => {
    expect(reevaluationWindow(cert)).toEqual({ opens: "2028-09-15", closes: "2028-11-14" });
    expect(reevaluationWindow({ decisionDate: "2028-02-29" })).toEqual({ opens: "2030-08-31", closes: "2030-10-30" });
  });

  it.each([
    ["2028-09-14", 181, false, "too_early"],
    ["2028-09-15", 180, true, "timely"], // the window's first day
    ["2028-11-14", 120, true, "timely"], // the window's last day
    ["2028-11-15", 119, false, "too_late"],
    ["2026-03-15", 1095, false, "too_early"],
    ["2029-03-14", 0, false, "too_late"],
    ["2029-04-01", -18, false, "too_late"],
  ])("filing on %s (%s days before expiry): ok %s (%s)", (today, _days, ok, kind) => {
    const r = checkReevaluationFiling(cert, today);
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.kind).toBe(kind);
    else {
      expect(r.reason).toBe(kind);
      // The refusal gives the dates.
      expect(r.message.vi).toContain("15/09/2028");
      expect(r.message.vi).toContain("14/11/2028");
      expect(r.message.en).toContain("15/09/2028");
      expect(r.message.en).toContain("14/11/2028");
      // One date for the expiry, the one the pages show as "valid through".
      expect(r.message.vi).toContain("hết thời hạn ngày 14/03/2029");
      expect(r.message.en).toContain("expires on 14/03/2029");
    }
  });

  describe("the transitional rule (Art. 12.3) for certificates whose window closed before 22/05/2026", () => {
    const old: Certificate = { decisionDate: "2023-07-01" }; // expires 30/06/2026, window 01/01–02/03/2026
    const caught: Certificate = { decisionDate: "2023-10-01" }; // expires 30/09/2026, window 03/04–02/06/2026: could be met

    it.each([
      [old, "2026-01-01", "timely"],
      [old, "2026-03-02", "timely"],
      [old, "2026-03-03", "transitional"],
      [old, "2026-06-01", "transitional"],
      [old, "2026-06-30", "transitional"], // the expiry day, still valid
      [old, "2026-07-01", "late"], // the day after it expires: nothing left to extend
      [caught, "2026-06-02", "timely"],
      [caught, "2026-06-03", "late"],
      [cert, "2028-11-15", "late"],
    ] as [Certificate, string, string][])("%j filed %s → %s", (c, on, kind) => {
      expect(classifyFiling(c, on)).toBe(kind);
    });

    it("accepts a transitional filing", () => {
      expect(checkReevaluationFiling(old, "2026-06-01")).toMatchObject({ ok: true, kind: "transitional" });
      expect(checkReevaluationFiling(caught, "2026-06-03")).toMatchObject({ ok: false, reason: "too_late" });
    });
  });
});

describe("certificateStatus: the clock moves through a certificate's life", () => {
  type Row = [string, CertificateStatus, string, boolean?];
  const run = (events: CertificateEvent[], rows: Row[]) => {
    for (const [today, status, validUntil, extended = false] of rows) {
      const s = certificateStatus(cert, events, today);
      expect({ today, status: s.status, validUntil: s.validUntil, extended: s.extended }).toEqual({ today, status, validUntil, extended });
      expect(s.label).toEqual(CERTIFICATE_STATUS_LABELS[status]);
      expect(s.explanation.vi).not.toBe("");
      expect(s.explanation.en).not.toBe("");
    }
  };

  it("with no re-evaluation: pending, valid, expiring from the window's opening, expired on the expiry date", () => {
    run(
      [],
      [
        ["2026-03-14", "pending", "2029-03-14"],
        ["2026-03-15", "valid", "2029-03-14"], // issue day
        ["2027-09-01", "valid", "2029-03-14"], // mid-validity
        ["2028-09-14", "valid", "2029-03-14"], // 181 days before expiry
        ["2028-09-15", "expiring", "2029-03-14"], // window opens
        ["2028-11-14", "expiring", "2029-03-14"], // window closes
        ["2029-03-14", "expiring", "2029-03-14"], // the expiry day: last valid day
        ["2029-03-15", "expired", "2029-03-14"], // the day after
        ["2031-01-01", "expired", "2029-03-14"],
      ],
    );
  });

  it("with a timely re-evaluation still pending: valid up to 180 days past expiry, then expired", () => {
    run(
      [{ kind: "reevaluation_filed", on: "2028-10-01" }],
      [
        ["2028-09-30", "expiring", "2029-03-14"],
        ["2028-10-01", "expiring", "2029-03-14"],
        ["2029-03-14", "expiring", "2029-03-14"],
        ["2029-03-15", "valid", "2029-09-10", true], // expiry day, extension starts
        ["2029-06-01", "valid", "2029-09-10", true],
        ["2029-09-10", "valid", "2029-09-10", true], // 180th day of the extension
        ["2029-09-11", "expired", "2029-09-10"],
      ],
    );
  });

  it("with a timely re-evaluation decided during the extension: in force until the decision day", () => {
    run(
      [
        { kind: "reevaluation_filed", on: "2028-11-14" }, // the window's last day (issue 12: counted to the last valid day),
        { kind: "reevaluation_decided", on: "2029-05-02" },
      ],
      [
        ["2029-05-01", "valid", "2029-09-10", true], // the decision is not known yet
        ["2029-05-02", "expired", "2029-05-01"],
      ],
    );
  });

  it("with a timely re-evaluation decided and a new certificate issued: superseded on the decision day", () => {
    run(
      [
        { kind: "reevaluation_filed", on: "2028-09-16" },
        { kind: "reevaluation_decided", on: "2029-05-02" },
        { kind: "superseded", on: "2029-05-02", by: "QĐ 512/QĐ-UBND" },
      ],
      [
        ["2029-05-01", "valid", "2029-05-01", true], // the new certificate is already decided
        ["2029-05-02", "superseded", "2029-05-01"],
      ],
    );
  });

  it("with a re-evaluation decided before expiry: no extension", () => {
    run(
      [
        { kind: "reevaluation_filed", on: "2028-10-01" },
        { kind: "reevaluation_decided", on: "2029-01-10" },
      ],
      [
        ["2029-03-14", "expiring", "2029-03-14"],
        ["2029-03-15", "expired", "2029-03-14"],
      ],
    );
  });

  it("with a late re-evaluation (filed after the window): no extension, and the page says why", () => {
    const events: CertificateEvent[] = [{ kind: "reevaluation_filed", on: "2028-11-16" }];
    run(events, [
      ["2028-11-16", "expiring", "2029-03-14"],
      ["2029-03-15", "expired", "2029-03-14"],
    ]);
    const s = certificateStatus(cert, events, "2029-03-15");
    expect(s.reevaluation).toEqual({ filedOn: "2028-11-16", kind: "late", decidedOn: null });
    expect(s.explanation.en).toContain("came after the window closed");
    expect(s.explanation.vi).toContain("không được kéo dài");
  });

  it("revocation counts from its effective date, and a decided revocation already shortens 'valid until'", () => {
    const events: CertificateEvent[] = [{ kind: "revoked", effective: "2027-07-01", ground: "mark_misuse" }];
    run(events, [
      ["2027-06-30", "valid", "2027-06-30"],
      ["2027-07-01", "revoked", "2027-06-30"],
      ["2030-01-01", "revoked", "2027-06-30"],
    ]);
    const s = certificateStatus(cert, events, "2027-07-01");
    expect(s.explanation.vi).toContain("điểm d");
    expect(s.explanation.vi).toContain("sử dụng nhãn hiệu OCOP không đúng quy định");
    expect(s.explanation.en).toContain("Art. 8.1(d)");
  });

  it("suspension: from its first day through its last, then valid again; the term does not change", () => {
    run(
      [{ kind: "suspended", from: "2027-02-01", through: "2027-02-28" }],
      [
        ["2027-01-31", "valid", "2029-03-14"],
        ["2027-02-01", "suspended", "2029-03-14"],
        ["2027-02-28", "suspended", "2029-03-14"],
        ["2027-03-01", "valid", "2029-03-14"],
      ],
    );
  });

  it("an open suspension lasts until lifted", () => {
    const events: CertificateEvent[] = [
      { kind: "suspended", from: "2027-02-01", through: null },
      { kind: "suspension_lifted", on: "2027-04-01" },
    ];
    run(events, [
      ["2027-03-31", "suspended", "2029-03-14"],
      ["2027-04-01", "valid", "2029-03-14"],
    ]);
    expect(certificateStatus(cert, [events[0]!], "2028-01-01").explanation.en).toContain("until further notice");
  });

  it("supersession (e.g. an upgrade to 4★) ends the old certificate on the new one's date", () => {
    run(
      [{ kind: "superseded", on: "2027-12-01", by: "GCN-42-2027-0015" }],
      [
        ["2027-11-30", "valid", "2027-11-30"],
        ["2027-12-01", "superseded", "2027-11-30"],
        ["2030-01-01", "superseded", "2027-11-30"],
      ],
    );
  });

  describe("precedence: pending → revoked → superseded → expired → suspended → expiring → valid", () => {
    it.each([
      ["revoked over superseded", [{ kind: "superseded", on: "2027-01-01", by: "X" }, { kind: "revoked", effective: "2027-06-01", ground: "dishonest_dossier" }], "2027-07-01", "revoked"],
      ["revoked over expired", [{ kind: "revoked", effective: "2029-06-01", ground: "dishonest_dossier" }], "2029-07-01", "revoked"],
      ["superseded over expired", [{ kind: "superseded", on: "2029-06-01", by: "X" }], "2029-07-01", "superseded"],
      ["revoked over suspended", [{ kind: "suspended", from: "2027-01-01", through: null }, { kind: "revoked", effective: "2027-06-01", ground: "criteria_not_met" }], "2027-07-01", "revoked"],
      ["expired over suspended", [{ kind: "suspended", from: "2029-01-01", through: null }], "2029-04-01", "expired"],
      ["suspended over expiring", [{ kind: "suspended", from: "2028-10-01", through: null }], "2028-11-01", "suspended"],
      ["pending over everything", [{ kind: "revoked", effective: "2026-01-01", ground: "authority_finding" }], "2026-03-14", "pending"],
    ] as [string, CertificateEvent[], string, CertificateStatus][])("%s", (_name, events, today, status) => {
      expect(certificateStatus(cert, events, today).status).toBe(status);
    });

    it("a suspension during the extension keeps the extension", () => {
      const s = certificateStatus(
        cert,
        [
          { kind: "reevaluation_filed", on: "2028-10-01" },
          { kind: "suspended", from: "2029-04-01", through: null },
        ],
        "2029-05-01",
      );
      expect(s).toMatchObject({ status: "suspended", extended: true, validUntil: "2029-09-10" });
    });
  });

  it("extends a certificate under the transitional rule (Art. 12.3)", () => {
    const old: Certificate = { decisionDate: "2023-07-01" };
    const events: CertificateEvent[] = [{ kind: "reevaluation_filed", on: "2026-06-01" }];
    expect(certificateStatus(old, events, "2026-06-30")).toMatchObject({ status: "expiring", validUntil: "2026-06-30" });
    expect(certificateStatus(old, events, "2026-07-01")).toMatchObject({ status: "valid", extended: true, validUntil: "2026-12-27" });
    expect(certificateStatus(old, events, "2026-12-28")).toMatchObject({ status: "expired", validUntil: "2026-12-27" });
  });

  it("ignores filings and decisions dated after today", () => {
    const events: CertificateEvent[] = [{ kind: "reevaluation_filed", on: "2028-10-01" }];
    expect(certificateStatus(cert, events, "2028-09-20").reevaluation).toBeNull();
  });

  it("explains a pending extension before expiry", () => {
    const s = certificateStatus(cert, [{ kind: "reevaluation_filed", on: "2028-10-01" }], "2029-01-01");
    expect(s.explanation.vi).toContain("chậm nhất đến hết ngày 10/09/2029");
    expect(s.explanation.en).toContain("at the latest through 10/09/2029");
  });

  it("has a label for every status", () => {
    for (const s of CERTIFICATE_STATUSES) expect(CERTIFICATE_STATUS_LABELS[s].vi && CERTIFICATE_STATUS_LABELS[s].en).toBeTruthy();
  });
});

describe("revocation (Art. 8)", () => {
  it("lists the six grounds a, b, c, d, đ, e with unique ids", () => {
    expect(REVOCATION_GROUNDS.map((g) => g.point)).toEqual(["a", "b", "c", "d", "đ", "e"]);
    expect(new Set(REVOCATION_GROUNDS.map((g) => g.id)).size).toBe(6);
    for (const g of REVOCATION_GROUNDS) expect(g.en).not.toBe("");
  });

  const decision = "/work/shared/reference/qd-26-2026-ttg.txt";
  it.skipIf(!existsSync(decision))("quotes the Vietnamese grounds word for word from the decision", () => {
    const text = readFileSync(decision, "utf8");
    const article8 = text.slice(text.indexOf("Điều 8."), text.indexOf("2. Thẩm quyền thu hồi"));
    for (const g of REVOCATION_GROUNDS) expect(article8).toContain(`${g.point}) ${g.vi}`);
  });

  it("is decided within 15 days of the conclusion (Art. 8.4)", () => {
    expect(revocationDeadline("2027-06-10")).toBe("2027-06-25");
    expect(revocationDeadline("2027-12-20")).toBe("2028-01-04");
  });
});
