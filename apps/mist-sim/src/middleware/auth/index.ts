export { authMiddleware } from "./auth-middleware";
