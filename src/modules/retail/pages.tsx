import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import type { AppError } from "../../lib/problem.js";
import { validationError } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { parseInput } from "../../lib/validation.js";
import { formString, frame, idParam, isInputError, page } from "../../web/page.js";
import { runtimeOf } from "../stamps/index.js";
import { RetailPointInput } from "./inputs.js";
import { productIdFor } from "./queries.js";
import { addStock, authorizeVerify, communeChoices, getRetailPoint, listRetailPoints, listStock, registerRetailPoint, removeStock, verificationOf } from "./service.js";
import { listPage, pointPage, type Values, verifyPage } from "./views/retail.js";

const num = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : Number(s.trim().replace(",", ".")));
const FIELDS = ["name", "communeId", "address", "kind", "latitude", "longitude"];

async function showList(c: Context<AppEnv>, values: Values, status: 200 | 400 | 409 = 200, error?: AppError) {
  const ctx = serviceCtx(c);
  const [points, communes] = [await listRetailPoints({ ctx }), await communeChoices({ ctx })];
  return c.html(listPage({ ...frame(c), points, communes, values, ...(error ? { error } : {}), done: c.req.query("done") }), status);
}

async function showPoint(c: Context<AppEnv>, id: number, product = "", status: 200 | 400 | 409 = 200, error?: AppError) {
  const ctx = serviceCtx(c);
  const point = await getRetailPoint({ ctx, input: { id } });
  const stock = await listStock({ ctx, input: { retailPointId: id } });
  return c.html(pointPage({ ...frame(c), point, stock, product, ...(error ? { error } : {}), done: c.req.query("done") }), status);
}

// Mounted at /retail.
export const retailPages = new Hono<AppEnv>()
  .get("/", (c) => page(c, () => showList(c, { kind: "shop" })))
  .post("/", (c) =>
    page(c, async () => {
      const body = await c.req.parseBody();
      const values: Values = Object.fromEntries(FIELDS.map((f) => [f, formString(body, f)]));
      try {
        const input = {
          name: values["name"],
          communeId: num(values["communeId"]),
          address: values["address"],
          kind: values["kind"],
          latitude: num(values["latitude"]),
          longitude: num(values["longitude"]),
        };
        const point = await registerRetailPoint({ ctx: serviceCtx(c), input: parseInput(RetailPointInput, input) });
        return c.redirect(`/retail/${point.id}?done=registered`, 303);
      } catch (err) {
        if (!isInputError(err)) throw err;
        return showList(c, values, err.status as 400 | 409, err);
      }
    }),
  )
  .get("/verify", (c) =>
    page(c, async () => {
      authorizeVerify(c.var.auth.principal);
      const code = (c.req.query("code") ?? "").slice(0, 200);
      const result = code.trim() ? verificationOf(await runtimeOf(c).scans.peek(code, c.var.deps.now())) : undefined;
      c.header("cache-control", "no-store");
      return c.html(verifyPage({ ...frame(c), code, ...(result ? { result } : {}) }), 200);
    }),
  )
  .get("/:id{[0-9]+}", (c) => page(c, () => showPoint(c, idParam(c))))
  .post("/:id{[0-9]+}/stock", (c) =>
    page(c, async () => {
      const id = idParam(c);
      const product = formString(await c.req.parseBody(), "product").slice(0, 60);
      try {
        const productId = await productIdFor(c.var.deps.database.db, product);
        if (productId === null) throw validationError([{ path: "productId", vi: "Không có sản phẩm nào mang mã này.", en: "No product has this code.", message: "No product has this code." }]);
        await addStock({ ctx: serviceCtx(c), input: { retailPointId: id, productId } });
        return c.redirect(`/retail/${id}?done=added`, 303);
      } catch (err) {
        if (!isInputError(err)) throw err;
        return showPoint(c, id, product, err.status as 400 | 409, err);
      }
    }),
  )
  .post("/:id{[0-9]+}/stock/:productId{[0-9]+}/remove", (c) =>
    page(c, async () => {
      const id = idParam(c);
      await removeStock({ ctx: serviceCtx(c), input: { retailPointId: id, productId: idParam(c, "productId") } });
      return c.redirect(`/retail/${id}?done=removed`, 303);
    }),
  );
