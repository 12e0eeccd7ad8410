import type { DeploymentView } from "@mistflow/contracts";

export const deploymentLocation = (id: string) => `/v1/deployments/${id}`;

/** What submit answers: enough to follow the deployment, without echoing the whole request. */
export const deploymentSummary = (view: DeploymentView) => ({
  id: view.id,
  status: view.status,
  org_id: view.org_id,
  site_name: view.site_name,
  blueprint: view.blueprint,
  idempotency_key: view.idempotency_key,
  created_at: view.created_at,
  location: deploymentLocation(view.id),
});
