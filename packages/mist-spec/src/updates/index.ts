export {
  compareSpecVersions,
  SPEC_UPDATES,
  type SpecUpdate,
  type UpdatedDocument,
  updatedDocument,
} from "./spec-updates";
