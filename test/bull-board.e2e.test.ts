import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { STEPS } from "@mistflow/contracts";
import { ALL_QUEUE_NAMES, ROLLOUT_QUEUE, ROOT_QUEUE, rootJobId } from "@mistflow/queues";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleDeployments } from "./support/examples";
import { startTestStack, type TestStack } from "./support/test-stack";

const CHROMIUM = "/usr/bin/chromium";
// CI installs Chromium (.ci/run); there a missing browser must fail the check, not skip it.
const BROWSER_REQUIRED = process.env.CI === "true";
const skipBrowser = !existsSync(CHROMIUM) && !BROWSER_REQUIRED;
// Next to this file whatever the working directory (the root vitest config runs from the repo root).
const RESULTS = fileURLToPath(new URL("./test-results/", import.meta.url));
const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
const SIM_TOKEN = "sim-demo-token-0123456789abcdef0123456789abcdef";

describe("Bull Board behind authentication", () => {
  let stack: TestStack;
  let boardUrl: string;
  let deploymentId: string;
  const basic = (user: string, pass: string) => ({
    authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`,
  });

  beforeAll(async () => {
    // A short SLE soak, for the optional assurance step (an example with devices has one).
    stack = await startTestStack("board", { workerEnv: { ASSURANCE_SOAK_S: "2", ASSURANCE_POLL_S: "0.5" } });
    boardUrl = `${stack.apiUrl}/admin/queues`;
    const [first] = exampleDeployments();
    const { id } = await stack.api.submit(first);
    deploymentId = id;
    await stack.waitForEnd([id]);
  });
  afterAll(async () => {
    await stack?.shutdown();
  });

  it("refuses anonymous and wrong credentials", async () => {
    expect((await fetch(boardUrl)).status).toBe(401);
    expect((await fetch(`${boardUrl}/api/queues`)).status).toBe(401);
    expect((await fetch(boardUrl, { headers: basic("admin", "wrong-password-123") })).status).toBe(401);
  });

  it("lists every domain queue as JSON, read-only, with no secret in job data", async () => {
    const auth = basic(stack.board.username, stack.board.password);
    const res = await fetch(`${boardUrl}/api/queues?activeQueue=orchestration&status=completed`, {
      headers: auth,
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
    expect(body.queues.map((q) => q.name).sort()).toEqual(
      [...ALL_QUEUE_NAMES, "notify", ROLLOUT_QUEUE].sort(),
    );
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
    expect(text).toContain("complete-deployment");
    expect(text).not.toContain(SIM_TOKEN);
    const pause = await fetch(`${boardUrl}/api/queues/wan/pause`, { method: "PUT", headers: auth });
    expect(pause.status).toBe(405);
  });

  it.skipIf(skipBrowser)(
    "renders in a real browser with the queues and the finished deployment",
    async () => {
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      });
      try {
        const context = await browser.newContext({
          httpCredentials: { username: stack.board.username, password: stack.board.password },
        });
        const page = await context.newPage();
        const response = await page.goto(boardUrl);
        expect(response?.status()).toBe(200);
        await page.getByText("orchestration").first().waitFor({ timeout: 15_000 });
        for (const q of ["sites", "inventory", "wan", "wired", "wireless"]) {
          await expect(page.getByText(q, { exact: true }).first().isVisible()).resolves.toBe(true);
        }
        mkdirSync(RESULTS, { recursive: true });
        await page.screenshot({ path: `${RESULTS}bull-board.png`, fullPage: true });

        // Without credentials the board challenges for a Basic login (a browser asks for it).
        const anonymous = await browser.newContext();
        const denied = await anonymous.request.get(boardUrl);
        expect(denied.status()).toBe(401);
        expect(denied.headers()["www-authenticate"]).toBe('Basic realm="mistflow admin"');
      } finally {
        await browser.close();
      }
    },
  );

  // The 13 steps and late binding; the optional assurance step may be there too.
  const stepJobNames = Object.values(STEPS)
    .filter((s) => s.id !== "assure")
    .map((s) => s.name);

  it("serves a finished deployment's whole flow tree: every step job, completed", async () => {
    const res = await fetch(
      `${boardUrl}/api/queues/${ROOT_QUEUE}/${encodeURIComponent(rootJobId(deploymentId))}/flow?depth=10&maxChildren=50`,
      { headers: basic(stack.board.username, stack.board.password) },
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(stepJobNames).toHaveLength(14);
    for (const name of stepJobNames) expect(text).toContain(`"${name}"`);
    expect(text).not.toContain(SIM_TOKEN);
  });

  it.skipIf(skipBrowser)(
    "logs in, opens the finished deployment's flow, shows its 14 step jobs completed, and saves a screenshot",
    async () => {
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      });
      try {
        // The browser's own Basic login: it sends the credentials only after the board's 401 challenge.
        const context = await browser.newContext({
          httpCredentials: { username: stack.board.username, password: stack.board.password },
          viewport: { width: 1600, height: 1200 },
        });
        const page = await context.newPage();
        const jobUrl = `${boardUrl}/queue/${ROOT_QUEUE}/${encodeURIComponent(rootJobId(deploymentId))}`;
        expect((await page.goto(jobUrl))?.status()).toBe(200);
        await page.getByText("Job flow", { exact: true }).waitFor({ state: "visible", timeout: 15_000 });

        // Each node of the graph is labelled "<job name>, <state>, queue <queue>, id <job id>".
        const nodes = page.locator(".react-flow__node");
        const stepNodes = async () => {
          const labels = await nodes.evaluateAll((els) =>
            els.map((el) => el.getAttribute("aria-label") ?? el.textContent ?? ""),
          );
          return labels.filter((l) => stepJobNames.some((name) => l.startsWith(`${name},`)));
        };
        const deadline = Date.now() + 15_000;
        let shown = await stepNodes();
        while (shown.length < stepJobNames.length && Date.now() < deadline) {
          await page.waitForTimeout(250);
          shown = await stepNodes();
        }
        expect(shown.map((l) => l.split(",")[0]).sort()).toEqual([...stepJobNames].sort());
        for (const label of shown) expect(label, label).toMatch(/^[^,]+, completed, queue /i);
        for (const node of await nodes.all()) expect(await node.isVisible()).toBe(true);

        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: `${ARTIFACTS}bull-board-flow.png`, fullPage: true });
        expect(existsSync(`${ARTIFACTS}bull-board-flow.png`)).toBe(true);
      } finally {
        await browser.close();
      }
    },
  );

  it("exports every queue's depth by state on /metrics for autoscalers", async () => {
    const res = await fetch(`${stack.apiUrl}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const completed = text.match(
      /^bullmq_job_count\{[^}]*queue="orchestration"[^}]*state="completed"[^}]*\} (\d+)$/m,
    );
    expect(Number(completed?.[1])).toBeGreaterThan(0);
    for (const q of ["sites", "inventory", "wan", "wired", "wireless", "notify"])
      expect(text).toContain(`queue="${q}"`);
    expect(text.match(/^# HELP bullmq_job_count/gm)).toHaveLength(1);
  });
});
