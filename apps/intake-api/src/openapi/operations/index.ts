import type { OperationSpec } from "../operation";
import { batchOperations } from "./batches";
import { blueprintOperations } from "./blueprints";
import { decommissionOperations } from "./decommissions";
import { deploymentActionOperations } from "./deployment-actions";
import { deploymentOperations } from "./deployments";
import { driftOperations } from "./drift";
import { healthOperations } from "./health";
import { importOperations } from "./imports";
import { ipamOperations } from "./ipam";
import { legacyOperations } from "./legacy";
import { orgOperations } from "./orgs";
import { planOperations } from "./plan";
import { pskRotationOperations } from "./psk-rotations";
import { rolloutOperations } from "./rollouts";
import { siteHealthOperations } from "./site-health";
import { upgradeOperations } from "./upgrades";
import { webhookOperations } from "./webhooks";

/** Every public operation of the intake API, one list per route module. */
export const OPERATIONS: readonly OperationSpec[] = [
  ...deploymentOperations,
  ...batchOperations,
  ...deploymentActionOperations,
  ...planOperations,
  ...legacyOperations,
  ...webhookOperations,
  ...ipamOperations,
  ...orgOperations,
  ...siteHealthOperations,
  ...blueprintOperations,
  ...rolloutOperations,
  ...driftOperations,
  ...upgradeOperations,
  ...decommissionOperations,
  ...importOperations,
  ...pskRotationOperations,
  ...healthOperations,
];
