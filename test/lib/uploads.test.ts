import sharp from "sharp";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/lib/problem.js";
import { DOCUMENT_TYPES, IMAGE_TYPES, checkUpload, readMultipartFile, sanitiseName, sniffContentType } from "../../src/lib/uploads.js";

const img = (format: "jpeg" | "png" | "webp" | "gif") =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: "#c00" } })
    .toFormat(format)
    .toBuffer()
    .then((b) => new Uint8Array(b));
const text = (s: string) => new TextEncoder().encode(s);
// An ISO-BMFF "ftyp" box as the first bytes of HEIF/AVIF files: size, "ftyp", major brand, version, brands.
const ftyp = (major: string, ...compatible: string[]) => {
  const brands = [major, "\0\0\0\0", ...compatible].join("");
  const b = text("....ftyp" + brands);
  new DataView(b.buffer).setUint32(0, b.length);
  return b;
};
const rules = { allowed: DOCUMENT_TYPES, maxBytes: 8 * 1024 * 1024, field: "file" };

/** The AppError a call throws, with its single field error. */
function failure(fn: () => unknown, status = 400) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.status).toBe(status);
    expect(err.code).toBe(status === 413 ? "payload-too-large" : "validation");
    expect(err.extra?.errors).toHaveLength(1);
    const f = err.extra!.errors![0]!;
    expect(f.message).toBe(f.en);
    return f;
  }
  throw new Error("expected an AppError");
}

describe("sniffContentType", () => {
  it("recognises each image type sharp writes by its bytes", async () => {
    expect(sniffContentType(await img("jpeg"))).toBe("image/jpeg");
    expect(sniffContentType(await img("png"))).toBe("image/png");
    expect(sniffContentType(await img("webp"))).toBe("image/webp");
    expect(sniffContentType(await img("gif"))).toBe("image/gif");
  });

  it("recognises PDF and HEIC, and tells AVIF apart from HEIC", () => {
    expect(sniffContentType(text("%PDF-1.7\n%âãÏÓ\n1 0 obj"))).toBe("application/pdf");
    expect(sniffContentType(ftyp("heic", "mif1", "heic"))).toBe("image/heic");
    expect(sniffContentType(ftyp("mif1", "mif1", "heic"))).toBe("image/heic");
    expect(sniffContentType(ftyp("avif", "mif1", "miaf"))).toBeNull();
    expect(sniffContentType(ftyp("mif1", "avif", "mif1"))).toBeNull();
    expect(sniffContentType(ftyp("isom", "mp41"))).toBeNull(); // an MP4 video
  });

  it("returns null for text, empty and too-short input", () => {
    expect(sniffContentType(text("<script>alert(1)</script>"))).toBeNull();
    expect(sniffContentType(new Uint8Array())).toBeNull();
    expect(sniffContentType(new Uint8Array([0xff, 0xd8]))).toBeNull();
    expect(sniffContentType(text("RIFF\0\0\0\0WAVE"))).toBeNull();
    expect(sniffContentType(text("%PD"))).toBeNull();
  });
});

describe("checkUpload", () => {
  it("returns the sniffed type, the bytes, a clean name and the SHA-256", async () => {
    const bytes = await img("png");
    const r = checkUpload({ name: "logo.png", bytes, claimedType: "image/png" }, rules);
    expect(r).toEqual({ name: "logo.png", contentType: "image/png", bytes, sha256: createHash("sha256").update(bytes).digest("hex") });
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("trusts the bytes over the claim: a PNG sent as PDF is a PNG, not an error", async () => {
    const r = checkUpload({ name: "hoso.pdf", bytes: await img("png"), claimedType: "application/pdf" }, rules);
    expect(r.contentType).toBe("image/png");
  });

  it("rejects a text file renamed .jpg, naming the accepted types in both languages", () => {
    const f = failure(() => checkUpload({ name: "anh.jpg", bytes: text("#!/bin/sh\nrm -rf /\n"), claimedType: "image/jpeg" }, { ...rules, allowed: IMAGE_TYPES, field: "photo" }));
    expect(f.path).toBe("photo");
    expect(f.vi).toBe("Không nhận ra loại tệp; chỉ nhận tệp JPEG, PNG, WebP, GIF.");
    expect(f.en).toBe("The kind of file is not recognised; only JPEG, PNG, WebP, GIF files are accepted.");
  });

  it("rejects a known type that the field does not take, saying what it is", () => {
    const f = failure(() => checkUpload({ name: "anh.pdf", bytes: text("%PDF-1.4\n"), claimedType: "application/pdf" }, { ...rules, allowed: IMAGE_TYPES }));
    expect(f.vi).toBe("Đây là tệp PDF, không được chấp nhận ở đây; chỉ nhận tệp JPEG, PNG, WebP, GIF.");
    expect(f.en).toContain("This is a PDF file");
  });

  it("explains HEIC to iPhone users instead of a bare refusal", () => {
    const f = failure(() => checkUpload({ name: "IMG_0001.HEIC", bytes: ftyp("heic", "mif1", "heic") }, rules));
    expect(f.vi).toContain("HEIC");
    expect(f.vi).toContain("JPEG, PNG, WebP, GIF, PDF");
    expect(f.en).toContain("Most Compatible");
  });

  it("rejects an empty file", () => {
    const f = failure(() => checkUpload({ name: "a.pdf", bytes: new Uint8Array() }, rules));
    expect(f.path).toBe("file");
    expect(f.vi).toContain("Tệp rỗng");
    expect(f.en).toContain("empty");
  });

  it("rejects a file over the limit (413), stating the limit in MB with Vietnamese number formatting", async () => {
    const bytes = new Uint8Array(Math.round(3.75 * 1024 * 1024));
    bytes.set(await img("jpeg"));
    const f = failure(() => checkUpload({ name: "big.jpg", bytes }, { ...rules, maxBytes: 2.5 * 1024 * 1024 }), 413);
    expect(f.vi).toBe("Tệp nặng 3,8 MB, vượt quá giới hạn 2,5 MB.");
    expect(f.en).toBe("The file is 3.8 MB, over the 2.5 MB limit.");
    // Exactly at the limit is fine.
    expect(checkUpload({ name: "ok.jpg", bytes }, { ...rules, maxBytes: bytes.byteLength }).contentType).toBe("image/jpeg");
  });

  it("one byte over a whole-megabyte limit says the size in bytes, not '2 MB, over the 2 MB limit'", async () => {
    const bytes = new Uint8Array(2 * 1024 * 1024 + 1);
    bytes.set(await img("jpeg"));
    const f = failure(() => checkUpload({ name: "big.jpg", bytes }, { ...rules, maxBytes: 2 * 1024 * 1024 }), 413);
    expect(f.vi).toBe("Tệp nặng 2.097.153 byte, vượt quá giới hạn 2 MB.");
    expect(f.en).toBe("The file is 2,097,153 bytes, over the 2 MB limit.");
  });
});

describe("sanitiseName", () => {
  it("keeps only the last path segment", () => {
    expect(sanitiseName("../../etc/passwd")).toBe("passwd");
    expect(sanitiseName("C:\\Users\\An\\Desktop\\ho so.pdf")).toBe("ho so.pdf");
    expect(sanitiseName("..")).toBe("tep");
    expect(sanitiseName("")).toBe("tep");
  });

  it("keeps Vietnamese letters and composes decomposed ones (macOS)", () => {
    expect(sanitiseName("Ảnh sản phẩm.jpg")).toBe("Ảnh sản phẩm.jpg");
    expect(sanitiseName("Ảnh sản phẩm.jpg".normalize("NFD"))).toBe("Ảnh sản phẩm.jpg");
    expect(sanitiseName("Nước mắm Hà Tĩnh – đặc sản.png")).toBe("Nước mắm Hà Tĩnh – đặc sản.png");
  });

  it("drops control characters, bidi overrides, leading dots and reserved characters", () => {
    expect(sanitiseName("a\u0000b\r\n\tc.pdf")).toBe("abc.pdf");
    expect(sanitiseName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(sanitiseName(".htaccess")).toBe("htaccess");
    expect(sanitiseName('a<b>:"c"|?*.png')).toBe("abc.png");
    expect(sanitiseName("  ảnh   bìa .jpg  ")).toBe("ảnh bìa .jpg");
  });

  it("cuts to 120 characters, keeping the extension and whole code points", () => {
    const long = sanitiseName("Đ".repeat(200) + ".jpeg");
    expect(Array.from(long)).toHaveLength(120);
    expect(long.endsWith("Đ.jpeg")).toBe(true);
    const emoji = sanitiseName("😀".repeat(130));
    expect(Array.from(emoji)).toHaveLength(120);
    expect(emoji).toBe("😀".repeat(120));
  });
});

describe("readMultipartFile", () => {
  it("reads a chosen file", async () => {
    const f = await readMultipartFile(new File([text("%PDF-1.4")], "hồ sơ.pdf", { type: "application/pdf" }));
    expect(f).toEqual({ name: "hồ sơ.pdf", bytes: text("%PDF-1.4"), claimedType: "application/pdf" });
  });

  it("leaves the claimed type undefined when the browser sent none", async () => {
    expect((await readMultipartFile(new File([text("x")], "a.bin")))?.claimedType).toBeUndefined();
  });

  it("is null when no file was chosen: an empty unnamed File, a string, or nothing", async () => {
    expect(await readMultipartFile(new File([], "", { type: "application/octet-stream" }))).toBeNull();
    expect(await readMultipartFile("")).toBeNull();
    expect(await readMultipartFile("photo.jpg")).toBeNull();
    expect(await readMultipartFile(undefined)).toBeNull();
    expect(await readMultipartFile(null)).toBeNull();
  });

  it("passes a named empty file on, so checkUpload can say it is empty", async () => {
    const f = await readMultipartFile(new File([], "rong.pdf"));
    expect(f?.bytes.byteLength).toBe(0);
    expect(() => checkUpload(f!, rules)).toThrow(AppError);
  });

  it("works on what hono's parseBody returns for a multipart form", async () => {
    const form = new FormData();
    form.append("photo", new File([await img("jpeg")], "Ảnh.jpg", { type: "image/jpeg" }));
    form.append("empty", new File([], ""));
    form.append("caption", "Nước mắm");
    const { Hono } = await import("hono");
    const app = new Hono().post("/", async (c) => {
      const body = await c.req.parseBody();
      const [photo, empty, caption] = await Promise.all([readMultipartFile(body["photo"]), readMultipartFile(body["empty"]), readMultipartFile(body["caption"])]);
      return c.json({ photo: photo && { name: photo.name, type: photo.claimedType, sniffed: sniffContentType(photo.bytes) }, empty, caption });
    });
    const res = await app.request("/", { method: "POST", body: form });
    expect(await res.json()).toEqual({ photo: { name: "Ảnh.jpg", type: "image/jpeg", sniffed: "image/jpeg" }, empty: null, caption: null });
  });
});
