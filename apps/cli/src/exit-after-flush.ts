/**
 * Writes to a pipe are asynchronous in Node, and process.exit drops what is still queued: a CI
 * log would lose the last lines (the verdict, the benchmark tables). Exit once stdout and stderr
 * have taken it all.
 */
export function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}
