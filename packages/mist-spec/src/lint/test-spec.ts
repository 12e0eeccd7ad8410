import { existsSync } from "node:fs";
import { mistSpecPath } from "../document";

/** The official spec, for tests: present on a developer machine with ../shared and in CI. */
export const SPEC_FILE = mistSpecPath();
export const HAVE_SPEC = SPEC_FILE !== undefined && existsSync(SPEC_FILE);
/** CI has the spec; there a missing file is a broken setup and must fail, not pass as skipped. */
export const RUN_SPEC_TESTS = HAVE_SPEC || process.env.CI === "true";
