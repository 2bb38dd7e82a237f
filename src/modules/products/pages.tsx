import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../http/env.js";
import { AppError, notFound, validationError } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { parseInput } from "../../lib/validation.js";
import { formString, frame, page } from "../../web/page.js";
import { AssignResponsibleInput, ListProductsQuery } from "./inputs.js";
import { productPage, productsListPage } from "./views/product.js";
import { addPhoto, assignResponsible, getProduct, photoBytes, productOfficials, removePhoto } from "./service.js";
import { listProducts } from "./service.js";

const isInputError = (err: unknown): err is AppError => err instanceof AppError && (err.status === 400 || err.status === 409);

function idParam(c: Context<AppEnv>, name = "id"): number {
  const id = Number(c.req.param(name));
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound({ vi: "trang", en: "The page" });
  return id;
}

async function detailPage(c: Context<AppEnv>, productId: number, status: ContentfulStatusCode = 200, error?: AppError) {
  const ctx = serviceCtx(c);
  const product = await getProduct({ ctx, input: { productId } });
  const officials = product.canAssign ? await productOfficials({ ctx, input: { productId } }) : [];
  return c.html(productPage({ ...frame(c), product, officials, done: c.req.query("done"), ...(error ? { error } : {}) }), status);
}

/** Photos are public and immutable (a new photo is a new id): cache them for a year, validate by hash. */
async function servePhoto(c: Context<AppEnv>, size: "web" | "thumb") {
  const photo = await photoBytes(serviceCtx(c).db, idParam(c), idParam(c, "photoId"), size);
  if (!photo) throw notFound({ vi: "ảnh sản phẩm", en: "The product photo" });
  const etag = `"${photo.sha256}"`;
  const headers = { etag, "cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff" };
  if (c.req.header("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(photo.bytes).buffer as ArrayBuffer, { headers: { ...headers, "content-type": photo.contentType } });
}

export const productPages = new Hono<AppEnv>()
  .get("/products/:id{[0-9]+}/photos/:photoId{[0-9]+}/thumb.webp", (c) => servePhoto(c, "thumb"))
  .get("/products/:id{[0-9]+}/photos/:photoId{[0-9]+}.webp", (c) => servePhoto(c, "web"))
  .get("/products", (c) =>
    page(c, async () => {
      const query = parseInput(ListProductsQuery, { q: c.req.query("q") || undefined });
      return c.html(productsListPage({ ...frame(c), list: await listProducts({ ctx: serviceCtx(c), input: query }), query }), 200);
    }),
  )
  .get("/products/:id{[0-9]+}", (c) => page(c, () => detailPage(c, idParam(c))))
  .post("/products/:id{[0-9]+}/photos", (c) =>
    page(c, async () => {
      const productId = idParam(c);
      const body = await c.req.parseBody();
      try {
        const file = await readMultipartFile(body["photo"]);
        if (!file) throw validationError([{ path: "photo", vi: "Chọn ảnh để tải lên.", en: "Choose a photo to upload.", message: "Choose a photo to upload." }]);
        await addPhoto({ ctx: serviceCtx(c), input: { productId, file, caption: formString(body, "caption") || undefined } });
        return c.redirect(`/products/${productId}?done=photo#photos`, 303);
      } catch (err) {
        if (isInputError(err)) return detailPage(c, productId, err.status, err);
        throw err;
      }
    }),
  )
  .post("/products/:id{[0-9]+}/photos/:photoId{[0-9]+}/remove", (c) =>
    page(c, async () => {
      const productId = idParam(c);
      await removePhoto({ ctx: serviceCtx(c), input: { productId, photoId: idParam(c, "photoId") } });
      return c.redirect(`/products/${productId}?done=removed#photos`, 303);
    }),
  )
  .post("/products/:id{[0-9]+}/responsible", (c) =>
    page(c, async () => {
      const productId = idParam(c);
      const userId = formString(await c.req.parseBody(), "userId");
      try {
        await assignResponsible({ ctx: serviceCtx(c), input: { ...parseInput(AssignResponsibleInput, { userId: userId || null }), productId } });
        return c.redirect(`/products/${productId}?done=responsible`, 303);
      } catch (err) {
        if (isInputError(err)) return detailPage(c, productId, err.status, err);
        throw err;
      }
    }),
  );
