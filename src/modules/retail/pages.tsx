import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import type { AppError } from "../../lib/problem.js";
import { validationError } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { parseInput } from "../../lib/validation.js";
import { formAction, formString, frame, idParam, page } from "../../web/page.js";
import { runtimeOf, sellStamp } from "../stamps/index.js";
import { RetailPointInput } from "./inputs.js";
import { productIdFor } from "./queries.js";
import { addStock, authorizeVerify, communeChoices, getRetailPoint, listRetailPoints, listStock, registerRetailPoint, removeStock, verificationOf } from "./service.js";
import { listPage, pointPage, type Values, verifyPage } from "./views/retail.js";

const num = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : Number(s.trim().replace(",", ".")));
const FIELDS = ["name", "communeId", "address", "kind", "latitude", "longitude"];

async function listHtml(c: Context<AppEnv>, values: Values, error?: AppError) {
  const ctx = serviceCtx(c);
  const [points, communes] = [await listRetailPoints({ ctx }), await communeChoices({ ctx })];
  return listPage({ ...frame(c), points, communes, values, ...(error ? { error } : {}), done: c.req.query("done") });
}

async function pointHtml(c: Context<AppEnv>, id: number, product = "", error?: AppError) {
  const ctx = serviceCtx(c);
  const point = await getRetailPoint({ ctx, input: { id } });
  const stock = await listStock({ ctx, input: { retailPointId: id } });
  return pointPage({ ...frame(c), point, stock, product, ...(error ? { error } : {}), done: c.req.query("done") });
}

async function verifyHtml(c: Context<AppEnv>, code: string, error?: AppError) {
  const principal = authorizeVerify(c.var.auth.principal);
  const result = code.trim() ? verificationOf(await runtimeOf(c).scans.peek(code, c.var.deps.now())) : undefined;
  // The point a retail operator sells for: the first point its grants name (an operator holds one).
  const sellingPoint = principal.grants.find((g) => g.role === "retail_operator" && g.retailPointId !== undefined)?.retailPointId;
  return verifyPage({ ...frame(c), code, ...(result ? { result } : {}), sellingPoint, done: c.req.query("done"), ...(error ? { error } : {}) });
}

// Mounted at /retail.
export const retailPages = new Hono<AppEnv>()
  .get("/", (c) => page(c, async () => c.html(await listHtml(c, { kind: "shop" }), 200)))
  .post("/", (c) =>
    page(c, async () => {
      const body = await c.req.parseBody();
      const values: Values = Object.fromEntries(FIELDS.map((f) => [f, formString(body, f)]));
      return formAction(
        c,
        async () => {
          const input = {
            name: values["name"],
            communeId: num(values["communeId"]),
            address: values["address"],
            kind: values["kind"],
            latitude: num(values["latitude"]),
            longitude: num(values["longitude"]),
          };
          const point = await registerRetailPoint({ ctx: serviceCtx(c), input: parseInput(RetailPointInput, input) });
          return `/retail/${point.id}?done=registered`;
        },
        (err) => listHtml(c, values, err),
      );
    }),
  )
  .get("/verify", (c) =>
    page(c, async () => {
      c.header("cache-control", "no-store");
      return c.html(await verifyHtml(c, (c.req.query("code") ?? "").slice(0, 200)), 200);
    }),
  )
  // The till: a point of sale marks the stamp it just checked as sold (stamps.sell).
  .post("/verify/sell", (c) =>
    page(c, async () => {
      const body = await c.req.parseBody();
      const code = formString(body, "code").slice(0, 200);
      const point = Number(formString(body, "retailPointId"));
      return formAction(
        c,
        async () => {
          if (!Number.isSafeInteger(point) || point <= 0) throw validationError([{ path: "retailPointId", vi: "Thiếu điểm bán.", en: "The point of sale is missing.", message: "The point of sale is missing." }]);
          const rt = runtimeOf(c);
          await sellStamp({ ctx: serviceCtx(c), input: { code, retailPointId: point }, stampKeys: rt.stampKeys, cache: rt.cache });
          return `/retail/verify?code=${encodeURIComponent(code)}&done=sold`;
        },
        (err) => verifyHtml(c, code, err),
      );
    }),
  )
  .get("/:id{[0-9]+}", (c) => page(c, async () => c.html(await pointHtml(c, idParam(c)), 200)))
  .post("/:id{[0-9]+}/stock", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const product = formString(await c.req.parseBody(), "product").slice(0, 60);
      return formAction(
        c,
        async () => {
          const productId = await productIdFor(c.var.deps.database.db, product);
          if (productId === null) throw validationError([{ path: "productId", vi: "Không có sản phẩm nào mang mã này.", en: "No product has this code.", message: "No product has this code." }]);
          await addStock({ ctx: serviceCtx(c), input: { retailPointId: id, productId } });
          return `/retail/${id}?done=added`;
        },
        (err) => pointHtml(c, id, product, err),
      );
    }),
  )
  .post("/:id{[0-9]+}/stock/:productId{[0-9]+}/remove", (c) =>
    page(c, async () => {
      const id = idParam(c);
      await removeStock({ ctx: serviceCtx(c), input: { retailPointId: id, productId: idParam(c, "productId") } });
      return c.redirect(`/retail/${id}?done=removed`, 303);
    }),
  );
