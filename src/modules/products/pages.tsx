import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { type AppError, notFound, validationError } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { parseInput } from "../../lib/validation.js";
import { vnToday } from "../../lib/dates.js";
import { listUnits } from "../units/index.js";
import { formAction, formString, frame, idParam, page } from "../../web/page.js";
import { AssignResponsibleInput, DecideShopLinkInput, ListProductsQuery, ListShopLinksQuery, ProposeShopLinkInput } from "./inputs.js";
import { getProduct, listProducts, listShopLinks, photoBytes, productOfficials } from "./queries.js";
import { decideShopLink, proposeShopLink, withdrawShopLink } from "./services/shop-links.js";
import { shopLinksPage } from "./views/shop-links.js";
import { addPhoto, assignResponsible, removePhoto } from "./services/products.js";
import { productsListPage } from "./views/product-list.js";
import { productPage } from "./views/product.js";

async function detailHtml(c: Context<AppEnv>, productId: number, error?: AppError): Promise<string> {
  const ctx = serviceCtx(c);
  const product = await getProduct({ ctx, input: { productId } });
  const officials = product.canAssign ? await productOfficials({ ctx, input: { productId } }) : [];
  return productPage({ ...frame(c), product, officials, done: c.req.query("done"), ...(error ? { error } : {}) });
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

/** Mounted at /products. */
export const pages = new Hono<AppEnv>()
  .get("/:id{[0-9]+}/photos/:photoId{[0-9]+}/thumb.webp", (c) => servePhoto(c, "thumb"))
  .get("/:id{[0-9]+}/photos/:photoId{[0-9]+}.webp", (c) => servePhoto(c, "web"))
  .get("/", (c) =>
    page(c, async () => {
      const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([k, v]) => v !== "" && ["q", "communeId", "criteriaSetId", "limit", "offset"].includes(k)));
      const query = parseInput(ListProductsQuery, raw);
      const ctx = serviceCtx(c);
      const communes = (await listUnits(ctx.db, { level: "commune", at: vnToday(ctx.now) })).map((u) => ({ id: u.id, name: u.name })).sort((a, b) => a.name.localeCompare(b.name, "vi"));
      return c.html(productsListPage({ ...frame(c), list: await listProducts({ ctx, input: query }), query, communes }), 200);
    }),
  )
  .get("/:id{[0-9]+}", (c) => page(c, async () => c.html(await detailHtml(c, idParam(c)))))
  .post("/:id{[0-9]+}/photos", (c) =>
    page(c, async () => {
      const productId = idParam(c);
      const body = await c.req.parseBody();
      return formAction(
        c,
        async () => {
          const file = await readMultipartFile(body["photo"]);
          if (!file) throw validationError([{ path: "photo", vi: "Chọn ảnh để tải lên.", en: "Choose a photo to upload.", message: "Choose a photo to upload." }]);
          await addPhoto({ ctx: serviceCtx(c), input: { productId, file, caption: formString(body, "caption") || undefined } });
          return `/products/${productId}?done=photo#photos`;
        },
        (error) => detailHtml(c, productId, error),
      );
    }),
  )
  .post("/:id{[0-9]+}/photos/:photoId{[0-9]+}/remove", (c) =>
    page(c, async () => {
      const productId = idParam(c);
      await removePhoto({ ctx: serviceCtx(c), input: { productId, photoId: idParam(c, "photoId") } });
      return c.redirect(`/products/${productId}?done=removed#photos`, 303);
    }),
  )
  .post("/:id{[0-9]+}/responsible", (c) =>
    page(c, async () => {
      const productId = idParam(c);
      const userId = formString(await c.req.parseBody(), "userId");
      return formAction(
        c,
        async () => {
          await assignResponsible({ ctx: serviceCtx(c), input: { ...parseInput(AssignResponsibleInput, { userId: userId || null }), productId } });
          return `/products/${productId}?done=responsible`;
        },
        (error) => detailHtml(c, productId, error),
      );
    }),
  )
  .get("/shop-links", (c) =>
    page(c, async () => {
      const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([k, v]) => v !== "" && ["status", "limit", "offset"].includes(k)));
      const query = parseInput(ListShopLinksQuery, raw);
      return c.html(shopLinksPage({ ...frame(c), list: await listShopLinks({ ctx: serviceCtx(c), input: query }), query, done: c.req.query("done") }), 200);
    }),
  )
  .post("/:id{[0-9]+}/shop-links", (c) =>
    page(c, async () => {
      const productId = idParam(c);
      const body = await c.req.parseBody();
      return formAction(
        c,
        async () => {
          const input = parseInput(ProposeShopLinkInput, { kind: formString(body, "kind"), url: formString(body, "url"), label: formString(body, "label") || undefined });
          await proposeShopLink({ ctx: serviceCtx(c), input: { ...input, productId } });
          return `/products/${productId}?done=link_proposed#shop-links`;
        },
        (error) => detailHtml(c, productId, error),
      );
    }),
  )
  .post("/:id{[0-9]+}/shop-links/:linkId{[0-9]+}/withdraw", (c) =>
    page(c, async () => {
      const productId = idParam(c);
      await withdrawShopLink({ ctx: serviceCtx(c), input: { productId, linkId: idParam(c, "linkId") } });
      return c.redirect(`/products/${productId}?done=link_withdrawn#shop-links`, 303);
    }),
  )
  .post("/:id{[0-9]+}/shop-links/:linkId{[0-9]+}/decision", (c) =>
    page(c, async () => {
      const productId = idParam(c);
      const linkId = idParam(c, "linkId");
      const body = await c.req.parseBody();
      // The office decides from the product's page or from its list of pending links: it returns where it was.
      const back = formString(body, "back") === "list" ? "list" : "product";
      return formAction(
        c,
        async () => {
          const input = parseInput(DecideShopLinkInput, { decision: formString(body, "decision"), reason: formString(body, "reason") || undefined });
          await decideShopLink({ ctx: serviceCtx(c), input: { ...input, productId, linkId } });
          return back === "list" ? `/products/shop-links?status=pending&done=${input.decision}` : `/products/${productId}?done=link_${input.decision}#shop-links`;
        },
        (error) => detailHtml(c, productId, error),
      );
    }),
  );
