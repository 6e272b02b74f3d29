const WIDTH = 30;

/**
 * One line of a progress bar, e.g. `[###########...................]  37% 370/1000`.
 * A total of 0 is shown as done.
 */
export function progressLine(done: number, total: number): string {
  const ratio = total === 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * WIDTH);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${percent} ${done}/${total}`;
}

/**
 * A progress reporter drawing on a terminal: the line is redrawn in place (`\r`) and ended with a
 * newline when done. Draws nothing when `write` is not a terminal, so logs and pipes stay clean.
 */
export function progressBar(write: (text: string) => void, isTerminal: boolean): (done: number, total: number) => void {
  if (!isTerminal) return () => {};
  return (done, total) => write(`\r${progressLine(done, total)}${done >= total ? "\n" : ""}`);
}
