/** Where a command writes: stdout lines, stderr lines, and a terminal when stdout is one. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  tty?: NodeJS.WriteStream;
}

export const processOutput = (): Output => ({
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  ...(process.stdout.isTTY ? { tty: process.stdout } : {}),
});

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
