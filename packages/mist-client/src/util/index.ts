export { sleep } from "./sleep";
