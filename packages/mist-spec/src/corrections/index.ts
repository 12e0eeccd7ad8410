export { correctedDocument, SPEC_CORRECTIONS, type SpecCorrection } from "./spec-corrections";
