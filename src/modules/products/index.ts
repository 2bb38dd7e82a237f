// The door of the products area: what other areas, the jobs and the app may use. Everything else is internal.
export { type OfficialView } from "./inputs.js";
export { productPages } from "./pages.js";
export { publicProductPage } from "./public-product-page.js";
export { productsRoutes } from "./api.js";
export { checkResponsible, createProductForPlan, getProduct, listProducts, responsibleCandidates } from "./service.js";
