// The door of the accounts area: what other areas, the jobs and the app may use. Everything else is internal.
export { authApi, usersApi } from "./api.js";
export { CreateUserInput } from "./inputs.js";
export { signInPages, usersPages } from "./pages.js";
export { auditedUser, insertUser, withUsernameGuard } from "./service.js";
