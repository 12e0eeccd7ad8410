export { mapLimit } from "./map-limit";
export { sleep } from "./sleep";
