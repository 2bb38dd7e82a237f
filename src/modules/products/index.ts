// The door of the products area: what other areas, the jobs and the app may use. Everything else is internal.
export { type OfficialView } from "./inputs.js";
export { productPages } from "./product-page-routes.js";
export { productsRoutes } from "./routes.js";
export { checkResponsible, createProductForPlan, getProduct, listProducts, responsibleCandidates } from "./service.js";
