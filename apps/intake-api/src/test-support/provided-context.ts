// The shared globalSetup (packages/testing) provides this; the declaration is repeated here so the
// package's own typecheck sees it without importing the setup module.
declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export {};
