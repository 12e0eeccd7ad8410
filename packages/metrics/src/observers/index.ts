export { mistCallObserver } from "./mist-call-observer";
