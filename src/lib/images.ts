import sharp, { type Metadata } from "sharp";
import { validationError } from "./problem.js";

/**
 * Product photos as the web shows them: decoded (first frame only), turned upright by EXIF, shrunk to fit and
 * re-encoded as WebP. sharp writes no metadata unless asked, so EXIF (with any GPS position), XMP and
 * comments of the upload never leave this function.
 */
const MAX_INPUT_PIXELS = 40_000_000;

export type Encoded = { bytes: Uint8Array; width: number; height: number; contentType: "image/webp" };
export type ProcessedPhoto = { web: Encoded; thumb: Encoded; original: { width: number; height: number; format: string } };

const bad = (vi: string, en: string) => validationError([{ path: "photo", vi, en, message: en }]);

async function encode(input: Uint8Array, box: number, quality: number): Promise<Encoded> {
  const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error", animated: false })
    .rotate()
    .resize({ width: box, height: box, fit: "inside", withoutEnlargement: true })
    .webp({ quality })
    .toBuffer({ resolveWithObject: true });
  return { bytes: new Uint8Array(data), width: info.width, height: info.height, contentType: "image/webp" };
}

export async function processPhoto(bytes: Uint8Array, opts: { web?: number; thumb?: number } = {}): Promise<ProcessedPhoto> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false, failOn: "error" }).metadata();
  } catch {
    throw bad("Không đọc được ảnh: tệp hỏng hoặc không phải ảnh.", "The image cannot be read: the file is damaged or not an image.");
  }
  const pixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0);
  if (pixels > MAX_INPUT_PIXELS) {
    throw bad("Ảnh quá lớn (tối đa 40 triệu điểm ảnh).", "The image is too large (at most 40 megapixels).");
  }
  try {
    const [web, thumb] = await Promise.all([encode(bytes, opts.web ?? 1600, 80), encode(bytes, opts.thumb ?? 400, 70)]);
    return { web, thumb, original: { width: meta.width ?? 0, height: meta.height ?? 0, format: meta.format ?? "unknown" } };
  } catch {
    throw bad("Không đọc được ảnh: tệp hỏng hoặc không phải ảnh.", "The image cannot be read: the file is damaged or not an image.");
  }
}
