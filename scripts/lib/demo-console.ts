// Terminal output for the demo: one status line redrawn in place on a TTY (plain lines
// otherwise), with other output (server logs) printed above it without mangling it.

const CLEAR = "\r\x1b[K";

export class Ui {
  readonly tty = process.stdout.isTTY === true;
  private line = "";

  /** Replaces the status line (TTY only; callers print milestones with log() otherwise). */
  status(text: string): void {
    if (!this.tty) return;
    this.line = text;
    process.stdout.write(CLEAR + text);
  }

  /** Prints a line above the status line. */
  log(text: string, stream: NodeJS.WriteStream = process.stdout): void {
    if (this.line) process.stdout.write(CLEAR);
    stream.write(`${text}\n`);
    if (this.line) process.stdout.write(this.line);
  }

  /** Ends the status line with a final message. */
  done(text: string): void {
    if (this.line) process.stdout.write(CLEAR);
    this.line = "";
    process.stdout.write(`${text}\n`);
  }
}

export const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * Reports progress towards `total`: redrawn at most every 100 ms on a TTY, a line per 10 % otherwise.
 * The rate counts only what happened since the first report.
 */
export function progressReporter(ui: Ui, total: number, render: (done: number, perSecond: number) => string) {
  let first: { at: number; done: number } | null = null;
  let lastDraw = 0;
  let nextTenth = 1;
  return (done: number): void => {
    const now = performance.now();
    first ??= { at: now, done };
    const seconds = (now - first.at) / 1000;
    const rate = seconds > 0 ? (done - first.done) / seconds : 0;
    if (ui.tty) {
      if (now - lastDraw >= 100 || done >= total) {
        ui.status(render(done, rate));
        lastDraw = now;
      }
    } else if (total > 0 && done * 10 >= nextTenth * total) {
      while (nextTenth <= 10 && done * 10 >= nextTenth * total) nextTenth++;
      ui.log(render(done, rate));
    }
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
