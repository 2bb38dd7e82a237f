import type { Metadata, SharpOptions } from "sharp";
import { AppError, validationError } from "./problem.js";
import { WorkQueue } from "./work-queue.js";

// Loaded on first use: sharp resolves its native binary when imported, which the Worker bundle (which never
// processes uploads; they go to the Node origin) cannot do at load.
let loaded: typeof import("sharp").default | undefined;
const loadSharp = async () => {
  if (!loaded) {
    loaded = (await import("sharp")).default;
    // One libvips thread per image: a decode then takes one core at most, and the other core of a 2-core machine
    // stays free for requests (sign-in's scrypt, PostgreSQL). Process-wide, like the queue below.
    loaded.concurrency(1);
  }
  return loaded;
};

/**
 * Product photos as the web shows them: decoded (first frame only), turned upright by EXIF, shrunk to fit
 * without enlarging, and re-encoded as WebP. The original never leaves this function: sharp writes no
 * metadata unless asked (keepExif/keepMetadata/withMetadata…, none of which is used here), so EXIF with the
 * farm's GPS position, XMP and IPTC are dropped, and colours are converted to sRGB with no profile attached.
 */
export const MAX_INPUT_PIXELS = 40_000_000;

/**
 * Neither side may exceed 16,384 px (WebP's own limit is 16,383). The pixel limit alone let a 151 KB PNG of
 * 1 × 39,000,000 px through: under 40 MP, but libvips pays per row, and its 39 million rows took 8-15 s to
 * decode and shrink, twice (web and thumbnail). A side of 16,384 bounds that work to milliseconds and is more
 * than any photo within 40 MP needs (a phone's 48 MP sensor is 8,064 px wide and already over the pixel limit).
 */
export const MAX_INPUT_SIDE = 16_384;

/**
 * All decoding and encoding of uploaded images goes through this queue: one image at a time, four more waiting,
 * and past that a 429 with Retry-After. The header check before it is cheap (no pixels), so bombs never queue.
 */
export const photoQueue = new WorkQueue({
  concurrency: 1,
  maxWaiting: 4,
  initialJobMs: 500,
  refusal: (retryAfter) =>
    new AppError(429, "busy-images", { vi: "Máy chủ đang bận xử lý ảnh", en: "Busy processing images" }, {
      vi: `Đang có nhiều ảnh chờ xử lý; vui lòng gửi lại sau ${retryAfter} giây.`,
      en: `Too many images are waiting to be processed; please send it again in ${retryAfter} seconds.`,
    }, { retryAfter }),
});

// What the upload check lets through as an image. sharp can decode more (SVG, TIFF, PDF via poppler…), and
// none of those should be rendered from user input even if a caller skipped checkUpload.
const PHOTO_FORMATS = new Set<string>(["jpeg", "png", "webp", "gif"]);

export type Encoded = { bytes: Uint8Array; width: number; height: number; contentType: "image/webp" };
export type ProcessedPhoto = { web: Encoded; thumb: Encoded; original: { width: number; height: number; format: string } };
export type PhotoOptions = {
  /** Longest side of the web image (default 1600). */
  web?: number;
  /** Longest side of the thumbnail (default 400). */
  thumb?: number;
  /** Largest decoded size accepted, in pixels of the first frame (default 40 million). */
  maxPixels?: number;
  /** Longest side accepted, in pixels (default 16,384). */
  maxSide?: number;
  /** The queue the work waits in (default the process's photoQueue). */
  queue?: WorkQueue;
};

const field = (vi: string, en: string) => validationError([{ path: "photo", vi, en, message: en }]);
// Too large is a 413 (the content is larger than the server will take), with the field's error for forms.
const tooLargeField = (vi: string, en: string, limit: Record<string, number>) =>
  new AppError(413, "image-too-large", { vi: "Ảnh quá lớn", en: "Image too large" }, { vi, en }, { errors: [{ path: "photo", vi, en, message: en }], ...limit });
const unreadable = () =>
  field("Không đọc được ảnh: tệp bị hỏng, chưa tải lên hết, hoặc không phải ảnh JPEG, PNG, WebP, GIF.", "The image cannot be read: the file is damaged, incomplete, or not a JPEG, PNG, WebP or GIF image.");
// Two decimals, so an image just over the limit does not read as exactly at it ("40,01", not "40").
const megapixels = (px: number, locale: "vi-VN" | "en") => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(px / 1_000_000);
const tooLarge = (max: number, w?: number, h?: number) => {
  const dims = w && h ? { vi: `Ảnh ${w} × ${h} (${megapixels(w * h, "vi-VN")} triệu điểm ảnh)`, en: `The image is ${w} × ${h} (${megapixels(w * h, "en")} megapixels)` } : { vi: "Ảnh quá lớn", en: "The image is too large" };
  return tooLargeField(
    `${dims.vi}, vượt quá giới hạn ${megapixels(max, "vi-VN")} triệu điểm ảnh; hãy thu nhỏ ảnh rồi tải lại.`,
    `${dims.en}, over the ${megapixels(max, "en")} megapixel limit; please shrink it and upload again.`,
    { maxPixels: max },
  );
};
const px = (n: number, locale: "vi-VN" | "en") => new Intl.NumberFormat(locale).format(n);
const tooLong = (max: number, w: number, h: number) =>
  tooLargeField(
    `Ảnh ${w} × ${h} điểm ảnh có cạnh dài hơn giới hạn ${px(max, "vi-VN")} điểm ảnh; hãy thu nhỏ hoặc cắt ảnh rồi tải lại.`,
    `The image is ${w} × ${h} pixels, with a side over the ${px(max, "en")} pixel limit; please shrink or crop it and upload again.`,
    { maxSide: max },
  );

export async function processPhoto(bytes: Uint8Array, opts: PhotoOptions = {}): Promise<ProcessedPhoto> {
  const maxPixels = opts.maxPixels ?? MAX_INPUT_PIXELS;
  const maxSide = opts.maxSide ?? MAX_INPUT_SIDE;
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    // Header only, no pixels decoded; the limit is checked below so the message can name the real size.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw unreadable();
  }
  if (!PHOTO_FORMATS.has(meta.format)) throw unreadable();
  // For GIF/WebP, height is that of one frame: only the first frame is decoded. Both limits are checked here,
  // from the header, so an image over them is refused in milliseconds without waiting in the queue.
  if (meta.width > maxSide || meta.height > maxSide) throw tooLong(maxSide, meta.width, meta.height);
  if (meta.width * meta.height > maxPixels) throw tooLarge(maxPixels, meta.width, meta.height);

  const input: SharpOptions = {
    // Checked again by libvips itself, in case the header lied in a way metadata() did not catch.
    limitInputPixels: maxPixels,
    // "error" (not the default "warning"): phone and editor JPEGs often carry harmless warnings such as
    // extraneous bytes before a marker, while truncated or corrupt pixel data still aborts.
    failOn: "error",
    // First frame of an animated GIF/WebP; a product photo is a still.
    pages: 1,
  };
  const encode = async (from: Uint8Array, options: SharpOptions, box: number, quality: number): Promise<Encoded> => {
    const { data, info } = await sharp(from, options)
      .rotate() // upright by EXIF orientation; the Orientation tag goes with the rest of the metadata
      .resize({ width: box, height: box, fit: "inside", withoutEnlargement: true })
      // effort 2 instead of the default 4: measured ~35% faster on a 4000×3000 photo for ~2% more bytes.
      .webp({ quality, effort: 2 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height, contentType: "image/webp" };
  };
  return (opts.queue ?? photoQueue).run(async () => {
    try {
      // One decode of the upload, then the thumbnail from the (small, already upright and stripped) web image:
      // one pool thread per photo, and a PNG, which has no shrink-on-load, is not decoded twice.
      const web = await encode(bytes, input, opts.web ?? 1600, 80);
      const thumb = await encode(web.bytes, { failOn: "error" }, opts.thumb ?? 400, 70);
      return { web, thumb, original: { width: meta.autoOrient.width, height: meta.autoOrient.height, format: meta.format } };
    } catch (e) {
      if (e instanceof Error && /pixel limit/i.test(e.message)) throw tooLarge(maxPixels);
      throw unreadable();
    }
  });
}
