import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { decodeQr, rasterisePdf, tmpDir } from "../support/qr-decode.js";
import sharp, { type Sharp } from "sharp";
import { describe, expect, it } from "vitest";
import { encodeStampCode, formatStampCodeForPrint, newSerial, stampUrl } from "../../src/domain/stamp-code.js";
import { MAX_READ_AHEAD } from "../../src/lib/pdf/qr-pool.js";
import { stampSheetPdf } from "../../src/modules/stamps/render/sheet-pdf.js";
import { PT_PER_MM, sheetGrid, sheetLayoutSchema, type SheetLayoutInput } from "../../src/modules/stamps/render/sheet-layout.js";
import type { StampFace } from "../../src/modules/stamps/render/stamp-face.js";
import { stampPng } from "../../src/modules/stamps/render/stamp-png.js";
import { stampSvg } from "../../src/modules/stamps/render/stamp-svg.js";

/*
 * Every QR code is read back with jsQR, a decoder that shares no code with the "qrcode" encoder, from pixels
 * rendered by independent rasterisers (librsvg through sharp for the SVG, poppler's pdftoppm for the PDF).
 */
const key = "test-key-0123456789abcdef0123456789";
const NAME = "Bánh đa vừng Thạch Hà <&>";

function face(i = 0, productName = NAME): StampFace {
  const code = encodeStampCode(newSerial(), key);
  return { code, url: stampUrl("https://ocop.example.vn", code), productName, stars: ([3, 4, 5] as const)[i % 3] as 3 | 4 | 5, seq: i + 1 };
}

async function* each<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function writePdf(doc: PDFKit.PDFDocument, file: string): Promise<void> {
  await pipeline(doc, fs.createWriteStream(file));
}

const tmp = () => tmpDir("stamp-");
const decode = decodeQr;
const rasterise = rasterisePdf;

describe("stamp rendering", () => {
  it("SVG: the QR decodes to the URL; the grouped code, OCOP mark and escaped name are printed", async () => {
    const f = { ...face(1), stars: 4 as const };
    const svg = stampSvg(f, { widthMm: 40, heightMm: 50 });
    expect(svg).toContain('viewBox="0 0 40 50"');
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toContain(formatStampCodeForPrint(f.code));
    expect(svg).toContain("OCOP ★★★★<");
    expect(svg).toContain("Bánh đa vừng Thạch Hà &lt;&amp;&gt;");
    expect(svg).not.toContain("<&>");
    expect(svg).toContain(">Số 000002</text>");

    expect(await decode(sharp(Buffer.from(svg), { density: 600 }))).toBe(f.url);

    // On the default 30 mm label a name too long for one line goes whole onto two (issue 16, finding 5)…
    const two = stampSvg(face(0, "Tinh dầu vỏ bưởi Phúc Trạch (demo)"));
    const lines = [...two.matchAll(/font-size="[\d.]+" text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]).slice(-2);
    expect(lines.join(" ")).toBe("Tinh dầu vỏ bưởi Phúc Trạch (demo)");
    expect(two).not.toContain("…");
    expect(await decode(sharp(Buffer.from(two), { density: 600 }))).not.toBeNull();
    // …and only a name too long for two small lines is shortened, never overflowing the label.
    const long = stampSvg(face(0, "Nước mắm truyền thống Cửa Hội loại đặc biệt 40 độ đạm thượng hạng"));
    expect(long).toMatch(/>[^<]*…<\/text>/);
    expect(long).toContain(">Nước mắm truyền thống");
    expect(await decode(sharp(Buffer.from(long), { density: 600 }))).not.toBeNull();
  });

  it("PNG: 600 dpi by default, white background, and the QR decodes", async () => {
    const f = face(2);
    const png = await stampPng(f);
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height, meta.density]).toEqual([709, 945, 600]);
    expect(meta.hasAlpha).toBe(false);
    expect(await decode(sharp(png))).toBe(f.url);

    const low = await stampPng(f, { dpi: 300 });
    expect((await sharp(low).metadata()).width).toBe(354);
    expect(await decode(sharp(low))).toBe(f.url);
  });

  it("A4 sheet: every label's QR in the rasterised PDF decodes, on ceil(n / per page) pages", async () => {
    const dir = tmp();
    try {
      const faces = Array.from({ length: 45 }, (_, i) => face(i, i % 2 ? NAME : "Tinh dầu vỏ bưởi Phúc Trạch loại đặc biệt"));
      const layout: SheetLayoutInput = { kind: "a4-grid", cutMarks: true };
      const grid = sheetGrid(layout);
      expect([grid.columns, grid.rows]).toEqual([6, 6]);
      const pdf = path.join(dir, "sheet.pdf");
      await writePdf(stampSheetPdf(each(faces), layout), pdf);

      const dpi = 200;
      const pages = rasterise(pdf, dpi);
      expect(pages).toHaveLength(Math.ceil(faces.length / grid.perPage));
      const px = (pt: number) => Math.round((pt * dpi) / 72);
      const decoded: string[] = [];
      for (const [p, file] of pages.entries()) {
        const onPage = Math.min(grid.perPage, faces.length - p * grid.perPage);
        for (const [slot, cell] of grid.cells.entries()) {
          const url = await decode(sharp(file).extract({ left: px(cell.x), top: px(cell.y), width: px(grid.labelWidthPt), height: px(grid.labelHeightPt) }));
          if (slot < onPage) expect(url, `page ${p + 1}, label ${slot + 1}`).not.toBeNull();
          else expect(url, `page ${p + 1}, empty slot ${slot + 1}`).toBeNull();
          if (url) decoded.push(url);
        }
      }
      expect(decoded).toHaveLength(faces.length);
      expect(new Set(decoded)).toEqual(new Set(faces.map((f) => f.url)));
      // The first row's labels as an image to look at (git-ignored test-results/).
      fs.mkdirSync("test-results", { recursive: true });
      await sharp(pages[0]!).extract({ left: 0, top: 0, width: px(grid.cells[3]!.x), height: px(grid.cells[0]!.y + grid.labelHeightPt + 10) }).toFile("test-results/stamp-labels.png");

      // The printed text is real text in the PDF (DejaVu embedded), not outlines.
      const text = execFileSync("pdftotext", ["-f", "1", "-l", "1", pdf, "-"], { encoding: "utf8" });
      expect(text).toContain(formatStampCodeForPrint(faces[0]!.code));
      expect(text).toContain("OCOP ★★★");
      expect(text.replace(/\s+/g, " ")).toContain("Bánh đa vừng Thạch Hà <&>");
      // Each stamp's sequence number is printed (activation and voiding ask "từ tem số … đến tem số").
      for (let seq = 1; seq <= grid.perPage; seq++) expect(text).toContain(`Số ${String(seq).padStart(6, "0")}`);
      expect(text).not.toContain(`Số ${String(grid.perPage + 1).padStart(6, "0")}`);
      // The long name is whole over two lines, nowhere cut.
      expect(text.replace(/\s+/g, " ")).toContain("Tinh dầu vỏ bưởi Phúc Trạch loại đặc biệt");
      expect(text).not.toContain("…");
      const all = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
      expect(all).toContain("Số 000045");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("roll: one page per label, each page the label's size (plus the gap when one is set)", async () => {
    const dir = tmp();
    try {
      const pageSizes = (pdf: string) =>
        [...execFileSync("pdfinfo", ["-f", "1", "-l", "99", pdf], { encoding: "utf8" }).matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Number(m[1]), Number(m[2])]);
      const faces = [face(0), face(1), face(2)];

      const pdf = path.join(dir, "roll.pdf");
      await writePdf(stampSheetPdf(each(faces), { kind: "roll" }), pdf);
      const sizes = pageSizes(pdf);
      expect(sizes).toHaveLength(3);
      for (const [w, h] of sizes) {
        expect(w).toBeCloseTo(30 * PT_PER_MM, 1);
        expect(h).toBeCloseTo(40 * PT_PER_MM, 1);
      }
      const decoded = await Promise.all(rasterise(pdf, 300).map((file) => decode(sharp(file))));
      expect(decoded).toEqual(faces.map((f) => f.url));

      const gapped = path.join(dir, "gapped.pdf");
      await writePdf(stampSheetPdf(each(faces), { kind: "roll", labelWidthMm: 35, labelHeightMm: 45, gapMm: 3 }), gapped);
      const gappedSizes = pageSizes(gapped);
      expect(gappedSizes).toHaveLength(3);
      for (const [w, h] of gappedSizes) {
        expect(w).toBeCloseTo(35 * PT_PER_MM, 1);
        expect(h).toBeCloseTo(48 * PT_PER_MM, 1);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("streams 10,000 stamps: the faces are pulled lazily and the bytes flow before the batch is done", async () => {
    const total = 10_000;
    const perPage = sheetGrid({ kind: "a4-grid" }).perPage;
    let pages = 0;
    let maxAhead = 0;
    let bytes = 0;
    let bytesAtHalf = -1;
    async function* faces(): AsyncGenerator<StampFace> {
      for (let i = 0; i < total; i++) {
        // Faces handed out beyond the labels already placed on pages that exist.
        maxAhead = Math.max(maxAhead, i + 1 - pages * perPage);
        if (i === total / 2) bytesAtHalf = bytes;
        yield face(i, "Trà xanh Hương Sơn");
      }
    }
    let tail: Buffer = Buffer.alloc(0);
    const counter = new Writable({
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        tail = chunk;
        done();
      },
    });
    const started = Date.now();
    const doc = stampSheetPdf(faces());
    doc.on("pageAdded", () => pages++);
    await pipeline(doc, counter);

    expect(pages).toBe(Math.ceil(total / perPage));
    // Read ahead by at most a page plus the QR encoder's window (symbols are encoded on worker threads ahead of
    // the writer), however long the batch.
    expect(maxAhead).toBeLessThanOrEqual(perPage + MAX_READ_AHEAD);
    expect(bytesAtHalf).toBeGreaterThan(0);
    expect(bytes).toBeGreaterThan(total * 100);
    expect(tail.toString("latin1")).toContain("%%EOF");
    expect(Date.now() - started).toBeLessThan(25_000);
  });

  it("respects a slow reader: the unread output stays about one page, not the whole file", async () => {
    let maxBuffered = 0;
    const doc = stampSheetPdf(each(Array.from({ length: 1440 }, (_, i) => face(i))));
    let bytes = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        maxBuffered = Math.max(maxBuffered, doc.readableLength);
        setTimeout(done, 0);
      },
    });
    await pipeline(doc, slow);
    // Without backpressure all of it (~650 kB) would be buffered; a page is ~16 kB, the embedded fonts ~40 kB.
    expect(bytes).toBeGreaterThan(500_000);
    expect(maxBuffered).toBeLessThan(100_000);
  });

  it("a failing source fails the stream with its error, not a truncated PDF", async () => {
    async function* failing(): AsyncGenerator<StampFace> {
      for (let i = 0; i < 40; i++) yield face(i);
      throw new Error("mất kết nối cơ sở dữ liệu");
    }
    const sink = new Writable({ write: (_c, _e, done) => done() });
    await expect(pipeline(stampSheetPdf(failing()), sink)).rejects.toThrow("mất kết nối cơ sở dữ liệu");
  });

  it("refuses a layout in which no label fits, in Vietnamese and English", () => {
    const impossible: SheetLayoutInput = { kind: "a4-grid", labelWidthMm: 250 };
    const r = sheetLayoutSchema.safeParse(impossible);
    expect(r.success).toBe(false);
    const message = r.error!.issues[0]!.message;
    expect(message).toMatch(/^Không xếp được nhãn 250×40 mm .+ \| Not even one 250×40 mm label fits/);
    expect(() => sheetGrid(impossible)).toThrow(/Không xếp được/);
    expect(() => stampSheetPdf(each([face()]), impossible)).toThrow(/Not even one/);

    // A label too small for a 15 mm QR code is refused too, on a roll as on a sheet.
    expect(sheetLayoutSchema.safeParse({ kind: "roll", labelWidthMm: 15, labelHeightMm: 20 }).error?.issues[0]?.message).toMatch(/quá nhỏ.+ \| .+too small/);
    expect(sheetLayoutSchema.parse({ kind: "roll" })).toEqual({ kind: "roll", labelWidthMm: 30, labelHeightMm: 40, gapMm: 0 });
  });
});
