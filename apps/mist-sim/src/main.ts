import { startSim } from "./app/start-sim";
import { banner } from "./cli/banner";
import { parseCliOptions, USAGE } from "./cli/cli-options";
import { loadEnv } from "./env/env";
import { loadFaultsFile } from "./middleware/faults/load-faults";
import { loadSeed } from "./seed/load-seed";

const SHUTDOWN_DEADLINE_MS = 5000;

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCliOptions>;
  try {
    options = parseCliOptions(process.argv.slice(2), loadEnv());
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }

  const sim = await startSim({
    port: options.port,
    host: options.host,
    ...(options.seedPath === undefined ? {} : { seed: loadSeed(options.seedPath) }),
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ...(options.faultSeed === undefined ? {} : { faultSeed: options.faultSeed }),
    ...(options.faultsPath === undefined ? {} : { faults: loadFaultsFile(options.faultsPath) }),
    ...(options.upgradePhaseMs === undefined ? {} : { upgradePhaseMs: options.upgradePhaseMs }),
  });
  console.log(banner(sim.url, sim.state));
  if (options.faultsPath !== undefined) {
    console.log(
      `Mist simulator: ${sim.state.faults.list().length} startup fault(s) from ${options.faultsPath}`,
    );
  }

  const shutdown = (signal: string) => {
    console.log(`Mist simulator: ${signal} received, shutting down`);
    // Hung requests are dropped by close(); the timer only guards against something unexpected.
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    sim.close().then(
      () => process.exit(0),
      (err) => {
        console.error("Mist simulator: error while closing", err);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

process.on("unhandledRejection", (reason) => console.error("Mist simulator: unhandled rejection", reason));

main().catch((err) => {
  console.error("Mist simulator failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
