import sharp from "sharp";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { processPhoto } from "../../src/lib/images.js";
import { AppError } from "../../src/lib/problem.js";

const solid = (width: number, height: number, background = "#3366cc") => sharp({ create: { width, height, channels: 3, background } });
const meta = (bytes: Uint8Array) => sharp(bytes).metadata();

/** A photo-like JPEG (smooth gradients with a little noise), deterministic, so encoders do realistic work. */
async function photo(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let seed = 1;
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 20);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = (x / width) * 230 + noise();
      raw[i + 1] = (y / height) * 230 + noise();
      raw[i + 2] = 128 + 60 * Math.sin(x / 50) * Math.cos(y / 70) + noise();
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/** The 400 (or 413, for too large) a call rejects with, and its single field error on "photo". */
async function rejection(p: Promise<unknown>, status: 400 | 413 = 400) {
  const e = await p.then(
    () => expect.unreachable("expected a rejection"),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  const err = e as AppError;
  expect(err.status).toBe(status);
  expect(err.code).toBe(status === 413 ? "image-too-large" : "validation");
  const f = err.extra!.errors![0]!;
  expect(f.path).toBe("photo");
  expect(f.vi).not.toBe(f.en);
  expect(f.message).toBe(f.en);
  return f;
}

/** RGB of the pixel at (x, y) of an encoded image. */
async function pixel(bytes: Uint8Array, x: number, y: number) {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * 3;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}
const isRed = ([r, g, b]: number[]) => r! > 200 && g! < 60 && b! < 60;

describe("processPhoto", () => {
  it("fits a 4000×3000 JPEG into 1600 and 400 WebP boxes, quickly", async () => {
    const input = await photo(4000, 3000);
    await processPhoto(input); // warm-up: the first call loads libvips' codecs
    const t0 = performance.now();
    const out = await processPhoto(input);
    const ms = performance.now() - t0;
    console.info(`processPhoto 4000×3000 JPEG (${(input.length / 1e6).toFixed(1)} MB): ${ms.toFixed(0)} ms; web ${out.web.bytes.byteLength} B, thumb ${out.thumb.bytes.byteLength} B`);
    // Loose bound against regressions (e.g. a slow encoder effort); measured ~200–400 ms on 2 vCPUs.
    expect(ms).toBeLessThan(3000);

    expect(out.original).toEqual({ width: 4000, height: 3000, format: "jpeg" });
    expect(out.web).toMatchObject({ width: 1600, height: 1200, contentType: "image/webp" });
    expect(out.thumb).toMatchObject({ width: 400, height: 300, contentType: "image/webp" });
    for (const v of [out.web, out.thumb]) {
      const m = await meta(v.bytes);
      expect([m.format, m.width, m.height]).toEqual(["webp", v.width, v.height]);
    }
  });

  it("fits a portrait PNG by its height", async () => {
    const out = await processPhoto(await solid(1200, 3000).png().toBuffer());
    expect([out.web.width, out.web.height]).toEqual([640, 1600]);
    expect([out.thumb.width, out.thumb.height]).toEqual([160, 400]);
    expect(out.original.format).toBe("png");
  });

  it("does not enlarge a small image", async () => {
    const out = await processPhoto(await solid(120, 80).jpeg().toBuffer());
    expect([out.web.width, out.web.height, out.thumb.width, out.thumb.height]).toEqual([120, 80, 120, 80]);
    expect((await meta(out.web.bytes)).format).toBe("webp");
  });

  it("turns an image upright by EXIF orientation 6 (rotate 90° clockwise)", async () => {
    // Stored 300×200 with a red square at the stored top-left; displayed, that corner is the top-right.
    const input = await solid(300, 200)
      .composite([{ input: { create: { width: 40, height: 40, channels: 3, background: "#ff0000" } }, left: 0, top: 0 }])
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await meta(input)).orientation).toBe(6);
    const out = await processPhoto(input);
    expect(out.original).toEqual({ width: 200, height: 300, format: "jpeg" });
    expect([out.web.width, out.web.height]).toEqual([200, 300]);
    expect(isRed(await pixel(out.web.bytes, 190, 10))).toBe(true);
    expect(isRed(await pixel(out.web.bytes, 10, 10))).toBe(false);
    // The output carries no Orientation tag that a viewer could apply a second time.
    expect((await meta(out.web.bytes)).orientation).toBeUndefined();
  });

  it("strips EXIF (with GPS), XMP and the ICC profile", async () => {
    const input = await solid(800, 600)
      .jpeg()
      .withExif({
        IFD0: { Copyright: "secret-copyright", Artist: "Nguyễn Văn A" },
        // IFD3 is the GPS directory in libvips' naming.
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "18/1 20/1 30/1", GPSLongitudeRef: "E", GPSLongitude: "105/1 54/1 0/1" },
      })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>secret-xmp</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>')
      .withIccProfile("p3")
      .toBuffer();
    // The fixture really carries all of it: the Copyright text, a GPS IFD pointer (tag 0x8825, little-endian), XMP and ICC.
    const m = await meta(input);
    expect(m.exif?.includes("secret-copyright")).toBe(true);
    expect(m.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);
    expect(m.xmp?.includes("secret-xmp")).toBe(true);
    expect(m.icc).toBeDefined();

    const out = await processPhoto(input);
    for (const v of [out.web, out.thumb]) {
      const o = await meta(v.bytes);
      expect(o.format).toBe("webp");
      expect(o.exif).toBeUndefined();
      expect(o.xmp).toBeUndefined();
      expect(o.iptc).toBeUndefined();
      expect(o.icc).toBeUndefined();
      const bytes = Buffer.from(v.bytes);
      for (const chunk of ["EXIF", "XMP ", "ICCP", "secret"]) expect(bytes.includes(chunk)).toBe(false);
    }
  });

  it("takes the first frame of an animated GIF or WebP", async () => {
    // Two 100×100 frames: red, then blue.
    const gif = await sharp({ create: { width: 100, height: 200, channels: 3, background: "#ff0000", pageHeight: 100 } })
      .composite([{ input: { create: { width: 100, height: 100, channels: 3, background: "#0000ff" } }, left: 0, top: 100 }])
      .gif()
      .toBuffer();
    const webp = await sharp(gif, { animated: true }).webp().toBuffer();
    for (const input of [gif, webp]) {
      expect((await meta(input)).pages).toBe(2);
      const out = await processPhoto(input);
      expect([out.web.width, out.web.height]).toEqual([100, 100]);
      expect((await meta(out.web.bytes)).pages).toBeUndefined();
      expect(isRed(await pixel(out.web.bytes, 50, 50))).toBe(true);
    }
  });

  it("refuses an image over 40 megapixels before decoding it", async () => {
    const f = await rejection(processPhoto(await solid(8000, 5001).jpeg({ quality: 10 }).toBuffer()), 413);
    expect(f.vi).toBe("Ảnh 8000 × 5001 (40,01 triệu điểm ảnh), vượt quá giới hạn 40 triệu điểm ảnh; hãy thu nhỏ ảnh rồi tải lại.");
    expect(f.en).toBe("The image is 8000 × 5001 (40.01 megapixels), over the 40 megapixel limit; please shrink it and upload again.");
  });

  it("refuses a decompression bomb: a tiny PNG whose header claims 100000×100000", async () => {
    const png = Buffer.from(await solid(1, 1).png().toBuffer());
    // IHDR is the first chunk: length(4) "IHDR"(4) width(4) height(4) … CRC(4) over type and data.
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
    expect(png.length).toBeLessThan(100);
    const f = await rejection(processPhoto(png), 413);
    expect(f.en).toContain("100000 × 100000");
  });

  it("honours a pixel limit given by the caller, accepting an image exactly at it", async () => {
    const input = await solid(200, 100).png().toBuffer();
    const f = await rejection(processPhoto(input, { maxPixels: 19_999 }), 413);
    expect(f.vi).toContain("vượt quá giới hạn 0,02 triệu điểm ảnh");
    expect((await processPhoto(input, { maxPixels: 20_000 })).original).toEqual({ width: 200, height: 100, format: "png" });
  });

  it("refuses a side over 16,384 px even under 40 megapixels, and takes one at the limit", async () => {
    const f = await rejection(processPhoto(await solid(16_385, 10).png().toBuffer()), 413);
    expect(f.vi).toBe("Ảnh 16385 × 10 điểm ảnh có cạnh dài hơn giới hạn 16.384 điểm ảnh; hãy thu nhỏ hoặc cắt ảnh rồi tải lại.");
    expect(f.en).toBe("The image is 16385 × 10 pixels, with a side over the 16,384 pixel limit; please shrink or crop it and upload again.");
    await rejection(processPhoto(await solid(10, 16_385).png().toBuffer()), 413);
    expect((await processPhoto(await solid(16_384, 10).png().toBuffer())).original).toMatchObject({ width: 16_384, height: 10 });
    const g = await rejection(processPhoto(await solid(300, 200).png().toBuffer(), { maxSide: 299 }), 413);
    expect(g.en).toContain("over the 299 pixel limit");
  });

  it("gives a clean 400 for truncated or corrupt images", async () => {
    const jpeg = await photo(400, 300);
    const png = await solid(400, 300).png().toBuffer();
    const webp = await solid(400, 300).webp().toBuffer();
    const bad = [
      jpeg.subarray(0, jpeg.length >> 1),
      png.subarray(0, png.length - 30),
      webp.subarray(0, webp.length >> 1),
      Buffer.concat([jpeg.subarray(0, 20), Buffer.alloc(2000, 0x55)]), // a JPEG header followed by junk
      Buffer.from("Đây không phải là ảnh."),
      new Uint8Array(),
    ];
    for (const bytes of bad) {
      const f = await rejection(processPhoto(bytes));
      expect(f.vi).toContain("Không đọc được ảnh");
      expect(f.en).toContain("cannot be read");
    }
  });

  it("refuses formats sharp can decode but uploads never are, such as SVG and TIFF", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    await rejection(processPhoto(svg));
    await rejection(processPhoto(await solid(10, 10).tiff().toBuffer()));
  });
});
