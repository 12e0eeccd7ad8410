import {
  type DeploymentView,
  type NotifyEvent,
  type NotifyJobData,
  STEPS,
  type StepId,
} from "@mistflow/contracts";

/** What a ticket is told, rendered once and written as a Jira comment, a work note or a JSON event. */
export interface NotifyMessage {
  event: NotifyEvent;
  /** One line: what happened to which site. */
  headline: string;
  details: string[];
  /** `GET /v1/deployments/:id`: absolute with the config's `public_url`, else the API path. */
  link: string;
  /** The same, machine-readable, for generic callbacks. */
  data: {
    deployment_id: string;
    status: DeploymentView["status"];
    site_name: string;
    blueprint: string;
    ticket_key: string;
    step?: StepId;
    error?: { message: string; status?: number; detail?: string };
    url: string;
  };
}

const stepLabel = (step: StepId) => `${step} (${STEPS[step].title})`;

/** The steps this deployment has: an optional one it does without (assurance off) is `skipped`. */
const ownSteps = (view: DeploymentView) => Object.values(view.steps).filter((s) => s.state !== "skipped");

const seconds = (view: DeploymentView) =>
  view.finished_at
    ? ((Date.parse(view.finished_at) - Date.parse(view.created_at)) / 1_000).toFixed(1)
    : undefined;

/** The step's error as people need it: our message, and Mist's own status and detail verbatim. */
const errorLines = (view: DeploymentView, step: StepId): string[] => {
  const error = view.steps[step].error;
  if (!error) return [];
  return [
    `Error: ${error.message}`,
    ...(error.status !== undefined
      ? [`Mist answered HTTP ${error.status}${error.detail ? `: ${error.detail}` : ""}`]
      : []),
  ];
};

/** A short, human message for one deployment event; no request body, no secrets. */
export function renderMessage(view: DeploymentView, job: NotifyJobData, publicUrl?: string): NotifyMessage {
  const path = `/v1/deployments/${view.id}`;
  const link = publicUrl ? `${publicUrl}${path}` : path;
  const site = `"${view.site_name}"`;
  const step = job.step ?? view.error?.step;
  const error = step ? view.steps[step].error : undefined;
  let headline: string;
  let details: string[];
  switch (job.event) {
    case "accepted":
      headline = `mistflow accepted the deployment of site ${site} (blueprint ${view.blueprint.name})`;
      details = [
        `Deployment ${view.id} is queued: ${ownSteps(view).length} steps in Mist org ${view.org_id}.`,
      ];
      break;
    case "step_failed":
      headline = `mistflow: step ${step ? stepLabel(step) : "?"} failed for site ${site}`;
      details = step
        ? [...errorLines(view, step), `Attempts: ${view.steps[step].attempts}.`]
        : ["The failed step is not recorded."];
      break;
    case "succeeded": {
      const took = seconds(view);
      const siteId = view.steps.s01.mist_ids.site_id;
      headline = `mistflow deployed site ${site}: all steps succeeded`;
      details = [
        `${ownSteps(view).length} steps succeeded${took ? ` in ${took} s` : ""}.`,
        ...(typeof siteId === "string" ? [`Mist site id: ${siteId}.`] : []),
      ];
      break;
    }
    case "failed": {
      const states = ownSteps(view).map((s) => s.state);
      const count = (state: string) => states.filter((s) => s === state).length;
      headline = `mistflow: the deployment of site ${site} failed${step ? ` at step ${stepLabel(step)}` : ""}`;
      details = [
        ...(step ? errorLines(view, step) : view.error ? [`Error: ${view.error.message}`] : []),
        `${count("succeeded")} of ${states.length} steps succeeded, ${count("cancelled")} were not run.`,
      ];
      break;
    }
    case "failed_assurance": {
      const report = view.steps.assure.assurance;
      headline = `mistflow deployed site ${site}, but its SLEs failed assurance`;
      details = [
        ...(view.error ? [view.error.message] : []),
        ...(report?.metrics ?? []).map(
          (m) =>
            `${m.metric}: ${m.value === undefined ? "no data" : m.value.toFixed(3)} (threshold ${m.threshold}) ${m.verdict}`,
        ),
      ];
      break;
    }
  }
  return {
    event: job.event,
    headline,
    details,
    link,
    data: {
      deployment_id: view.id,
      status: view.status,
      site_name: view.site_name,
      blueprint: view.blueprint.name,
      ticket_key: view.request.ticket?.key ?? "",
      ...(step && job.event !== "accepted" && job.event !== "succeeded" ? { step } : {}),
      ...(error && (job.event === "failed" || job.event === "step_failed" || job.event === "failed_assurance")
        ? {
            error: {
              message: error.message,
              ...(error.status !== undefined ? { status: error.status } : {}),
              ...(error.detail ? { detail: error.detail } : {}),
            },
          }
        : {}),
      url: link,
    },
  };
}

/** Plain text: ServiceNow work notes. */
export const messageText = (m: NotifyMessage): string =>
  [`[mistflow] ${m.headline}`, ...m.details, `Status: ${m.link}`].join("\n");
