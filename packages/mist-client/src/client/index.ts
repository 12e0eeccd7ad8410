export { MistClient, type MistClientOptions } from "./mist-client";
