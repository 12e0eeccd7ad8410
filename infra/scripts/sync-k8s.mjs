#!/usr/bin/env node
// Generates the files of infra/k8s/ that are derived from something else:
//
//   infra/k8s/base/workers.yaml  one Deployment + PodDisruptionBudget per worker domain
//   infra/k8s/base/redis.conf    copy of infra/redis.conf behind a "generated" banner
//   infra/k8s/keda/scaledobjects.yaml  a KEDA ScaledObject per worker domain (queue depth)
//                                (kustomize may not read files outside the kustomization
//                                directory, and a symlink does not get around that)
//
//   node infra/scripts/sync-k8s.mjs           write them
//   node infra/scripts/sync-k8s.mjs --check   exit 1 if either is out of date (for CI)
//
// No dependencies: Node >= 20 only. Edit the DOMAINS table or the template below,
// never workers.yaml by hand.

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const infra = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Worker domains, in pipeline order. replicas and resources are PLACEHOLDERS until
 * measured (infra/README.md, Sizing). With maxUnavailable: 1 in each PDB, a domain
 * keeps at least replicas - 1 pods through node drains.
 */
const DOMAINS = [
  { domain: "orchestration", replicas: 2 },
  { domain: "sites", replicas: 2 },
  { domain: "inventory", replicas: 2 },
  { domain: "wan", replicas: 2 },
  { domain: "wired", replicas: 2 },
  { domain: "wireless", replicas: 2 },
  // SLE assurance polls, firmware waves and PSK rotations: mostly delayed jobs, little CPU.
  { domain: "day2", replicas: 2 },
  // Ticket write-back; light, but two pods keep comments flowing through node drains.
  { domain: "notify", replicas: 2 },
];

const DEFAULT_RESOURCES = {
  requests: { cpu: "100m", memory: "192Mi" },
  limits: { cpu: "1", memory: "512Mi" },
};

function workerDocuments({ domain, replicas, resources = DEFAULT_RESOURCES }) {
  const name = `workers-${domain}`;
  const labels = `app.kubernetes.io/name: workers
    app.kubernetes.io/instance: ${name}
    app.kubernetes.io/component: worker
    app.kubernetes.io/part-of: mistflow
    mistflow.io/domain: ${domain}`;
  const selector = `app.kubernetes.io/name: workers
      app.kubernetes.io/instance: ${name}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    ${labels}
spec:
  replicas: ${replicas}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      ${selector}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # New pods start before old ones stop; two generations briefly sharing a
      # queue is safe with BullMQ.
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        ${labels.replaceAll("\n    ", "\n        ")}
    spec:
      automountServiceAccountToken: false
      # SIGTERM -> the worker stops taking jobs and drains in-flight ones for up to
      # SHUTDOWN_GRACE_MS (25 s); SIGKILL comes at 30 s. A job cut off anyway is
      # picked up again by BullMQ's stalled-job check.
      terminationGracePeriodSeconds: 30
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
        runAsGroup: 1000
        fsGroup: 1000
        seccompProfile:
          type: RuntimeDefault
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              ${selector.replaceAll("\n      ", "\n              ")}
      containers:
        - name: worker
          image: mistflow/workers # tag/registry set in kustomization.yaml (images:)
          imagePullPolicy: IfNotPresent
          # ENTRYPOINT is node; one process per domain.
          args: ["apps/workers/dist/main.js", "--domain", "${domain}"]
          envFrom:
            - configMapRef:
                name: mistflow-config
          env:
            - name: SHUTDOWN_GRACE_MS
              value: "25000"
            - name: MIST_API_TOKEN
              valueFrom:
                secretKeyRef: { name: mistflow-secrets, key: MIST_API_TOKEN, optional: true }
          # No probes: workers serve no HTTP. A worker that loses Redis waits and
          # reconnects; one that hits a fatal error exits and is restarted.
          resources:
            # PLACEHOLDERS until measured (see infra/README.md, Sizing).
            requests:
              cpu: ${resources.requests.cpu}
              memory: ${resources.requests.memory}
            limits:
              cpu: "${resources.limits.cpu}"
              memory: ${resources.limits.memory}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            - name: mist-tokens
              mountPath: /etc/mistflow/secrets
              readOnly: true
            - name: ipam
              mountPath: /etc/mistflow/ipam
              readOnly: true
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        - name: mist-tokens
          secret:
            secretName: mistflow-secrets
            optional: true
            defaultMode: 288 # = 0440
            items:
              - key: mist-tokens.json
                path: mist-tokens.json
              - key: secrets.json
                path: secrets.json
        - name: ipam
          configMap:
            name: mistflow-ipam
            optional: true
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  labels:
    ${labels}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      ${selector}
`;
}

const header = `# GENERATED by infra/scripts/sync-k8s.mjs — do not edit; change the script and run
#   node infra/scripts/sync-k8s.mjs
#
# One Deployment + PodDisruptionBudget per worker domain:
#   ${DOMAINS.map((d) => d.domain).join(", ")}
# Each pod runs \`node apps/workers/dist/main.js --domain <domain>\`.
`;

/**
 * KEDA scales each worker Deployment on its queue's backlog, read from the intake API's /metrics
 * (BullMQ's bullmq_job_count) through Prometheus. Waiting work, not CPU: a worker blocked on the
 * Mist budget is idle, and more of them would not help (the budget is per token, not per pod).
 */
function scaledObject({ domain, replicas }) {
  return `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: workers-${domain}
  labels:
    app.kubernetes.io/part-of: mistflow
    mistflow.io/domain: ${domain}
spec:
  scaleTargetRef:
    name: workers-${domain}
  minReplicaCount: ${replicas}
  maxReplicaCount: ${replicas * 5}
  cooldownPeriod: 300
  triggers:
    - type: prometheus
      metadata:
        # PLACEHOLDER: your Prometheus, scraping the intake API's /metrics.
        serverAddress: http://prometheus.monitoring.svc:9090
        query: sum(bullmq_job_count{queue="${domain}", state=~"waiting|prioritized|active"})
        # One more pod per 50 waiting steps of this domain.
        threshold: "50"
`;
}

const outputs = [
  {
    path: join(infra, "k8s", "keda", "scaledobjects.yaml"),
    content: `# GENERATED by infra/scripts/sync-k8s.mjs — do not edit.
# Queue-depth autoscaling of every worker domain (needs KEDA and Prometheus):
#   kubectl apply -k infra/k8s/keda
${DOMAINS.map((d) => `---\n${scaledObject(d)}`).join("")}`,
  },
  {
    path: join(infra, "k8s", "base", "workers.yaml"),
    content: `${header}${DOMAINS.map((d) => `---\n${workerDocuments(d)}`).join("")}`,
  },
  {
    path: join(infra, "k8s", "base", "redis.conf"),
    content: `# GENERATED copy of infra/redis.conf by infra/scripts/sync-k8s.mjs — edit that file,
# then run: node infra/scripts/sync-k8s.mjs
#
${readFileSync(join(infra, "redis.conf"), "utf8")}`,
  },
];

const check = process.argv.includes("--check");
let stale = 0;
for (const { path, content } of outputs) {
  const rel = relative(process.cwd(), path);
  let current = null;
  try {
    current = readFileSync(path, "utf8");
  } catch {}
  if (current === content) {
    console.log(`up to date: ${rel}`);
  } else if (check) {
    console.error(`OUT OF DATE: ${rel} (run: node infra/scripts/sync-k8s.mjs)`);
    stale++;
  } else {
    writeFileSync(path, content);
    console.log(`wrote: ${rel}`);
  }
}
process.exit(stale ? 1 : 0);
