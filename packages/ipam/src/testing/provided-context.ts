// The shared globalSetup (packages/testing) provides this; the declaration is repeated here so this
// package's own typecheck sees it without pulling the setup module into its program.
declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export {};
