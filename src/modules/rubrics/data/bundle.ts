// The rubric files, bundled as JSON imports so that no runtime reads them from disk (the Worker has no file
// system) and Node and the Worker score with the same data. Listed by hand: test/rubrics/rubric-bundle.test.ts
// fails when a file in this folder is missing here.
import qd26s01 from "./qd-26-2026/set-01.json" with { type: "json" };
import qd26s02 from "./qd-26-2026/set-02.json" with { type: "json" };
import qd26s03 from "./qd-26-2026/set-03.json" with { type: "json" };
import qd26s04 from "./qd-26-2026/set-04.json" with { type: "json" };
import qd26s05 from "./qd-26-2026/set-05.json" with { type: "json" };
import qd26s06 from "./qd-26-2026/set-06.json" with { type: "json" };
import qd26s07 from "./qd-26-2026/set-07.json" with { type: "json" };
import qd26s08 from "./qd-26-2026/set-08.json" with { type: "json" };
import qd26s09 from "./qd-26-2026/set-09.json" with { type: "json" };
import qd26s10 from "./qd-26-2026/set-10.json" with { type: "json" };
import qd26s11 from "./qd-26-2026/set-11.json" with { type: "json" };
import qd26s12 from "./qd-26-2026/set-12.json" with { type: "json" };
import qd26s13 from "./qd-26-2026/set-13.json" with { type: "json" };
import qd26s14 from "./qd-26-2026/set-14.json" with { type: "json" };
import qd26s15 from "./qd-26-2026/set-15.json" with { type: "json" };
import qd26s16 from "./qd-26-2026/set-16.json" with { type: "json" };
import qd26s17 from "./qd-26-2026/set-17.json" with { type: "json" };
import qd26s18 from "./qd-26-2026/set-18.json" with { type: "json" };
import qd26s19 from "./qd-26-2026/set-19.json" with { type: "json" };
import qd26s20 from "./qd-26-2026/set-20.json" with { type: "json" };
import qd26s21 from "./qd-26-2026/set-21.json" with { type: "json" };
import qd26s22 from "./qd-26-2026/set-22.json" with { type: "json" };
import qd26s23 from "./qd-26-2026/set-23.json" with { type: "json" };
import qd26s24 from "./qd-26-2026/set-24.json" with { type: "json" };
import qd26s25 from "./qd-26-2026/set-25.json" with { type: "json" };
import qd26s26 from "./qd-26-2026/set-26.json" with { type: "json" };

/** version → criteria set id → the raw file (validated by loadRubric before use). */
export const RUBRIC_DATA: Readonly<Record<string, Readonly<Record<number, unknown>>>> = {
  "qd-26-2026": {
    1: qd26s01,
    2: qd26s02,
    3: qd26s03,
    4: qd26s04,
    5: qd26s05,
    6: qd26s06,
    7: qd26s07,
    8: qd26s08,
    9: qd26s09,
    10: qd26s10,
    11: qd26s11,
    12: qd26s12,
    13: qd26s13,
    14: qd26s14,
    15: qd26s15,
    16: qd26s16,
    17: qd26s17,
    18: qd26s18,
    19: qd26s19,
    20: qd26s20,
    21: qd26s21,
    22: qd26s22,
    23: qd26s23,
    24: qd26s24,
    25: qd26s25,
    26: qd26s26,
  },
};
