import type { Metadata, SharpOptions } from "sharp";

// Loaded on first use: sharp resolves its native binary when imported, which the Worker bundle (which never
// processes uploads; they go to the Node origin) cannot do at load.
const loadSharp = async () => (await import("sharp")).default;
import { validationError } from "./problem.js";

/**
 * Product photos as the web shows them: decoded (first frame only), turned upright by EXIF, shrunk to fit
 * without enlarging, and re-encoded as WebP. The original never leaves this function: sharp writes no
 * metadata unless asked (keepExif/keepMetadata/withMetadata…, none of which is used here), so EXIF with the
 * farm's GPS position, XMP and IPTC are dropped, and colours are converted to sRGB with no profile attached.
 */
export const MAX_INPUT_PIXELS = 40_000_000;

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
};

const field = (vi: string, en: string) => validationError([{ path: "photo", vi, en, message: en }]);
const unreadable = () =>
  field("Không đọc được ảnh: tệp bị hỏng, chưa tải lên hết, hoặc không phải ảnh JPEG, PNG, WebP, GIF.", "The image cannot be read: the file is damaged, incomplete, or not a JPEG, PNG, WebP or GIF image.");
// Two decimals, so an image just over the limit does not read as exactly at it ("40,01", not "40").
const megapixels = (px: number, locale: "vi-VN" | "en") => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(px / 1_000_000);
const tooLarge = (max: number, w?: number, h?: number) => {
  const dims = w && h ? { vi: `Ảnh ${w} × ${h} (${megapixels(w * h, "vi-VN")} triệu điểm ảnh)`, en: `The image is ${w} × ${h} (${megapixels(w * h, "en")} megapixels)` } : { vi: "Ảnh quá lớn", en: "The image is too large" };
  return field(
    `${dims.vi}, vượt quá giới hạn ${megapixels(max, "vi-VN")} triệu điểm ảnh; hãy thu nhỏ ảnh rồi tải lại.`,
    `${dims.en}, over the ${megapixels(max, "en")} megapixel limit; please shrink it and upload again.`,
  );
};

export async function processPhoto(bytes: Uint8Array, opts: PhotoOptions = {}): Promise<ProcessedPhoto> {
  const maxPixels = opts.maxPixels ?? MAX_INPUT_PIXELS;
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    // Header only, no pixels decoded; the limit is checked below so the message can name the real size.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw unreadable();
  }
  if (!PHOTO_FORMATS.has(meta.format)) throw unreadable();
  // For GIF/WebP, height is that of one frame: only the first frame is decoded.
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
  const encode = async (box: number, quality: number): Promise<Encoded> => {
    const { data, info } = await sharp(bytes, input)
      .rotate() // upright by EXIF orientation; the Orientation tag goes with the rest of the metadata
      .resize({ width: box, height: box, fit: "inside", withoutEnlargement: true })
      // effort 2 instead of the default 4: measured ~35% faster on a 4000×3000 photo for ~2% more bytes.
      .webp({ quality, effort: 2 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height, contentType: "image/webp" };
  };
  try {
    // Two pipelines rather than one decode: JPEG shrink-on-load makes the thumbnail's decode cheap, and the
    // two run in parallel on libuv's thread pool.
    const [web, thumb] = await Promise.all([encode(opts.web ?? 1600, 80), encode(opts.thumb ?? 400, 70)]);
    return { web, thumb, original: { width: meta.autoOrient.width, height: meta.autoOrient.height, format: meta.format } };
  } catch (e) {
    if (e instanceof Error && /pixel limit/i.test(e.message)) throw tooLarge(maxPixels);
    throw unreadable();
  }
}
