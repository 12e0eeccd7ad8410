import type {} from "vitest";

/** What the Redis globalSetup hands to test files through `inject`. */
declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
