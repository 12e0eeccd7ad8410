export { type Env, EnvSchema, loadEnv } from "./env";
