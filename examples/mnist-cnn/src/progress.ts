/**
 * The training progress bar (cli-progress). In an interactive terminal it is one live bar over
 * the whole run with epoch summaries printed above it; in CI or when output is redirected, it
 * prints the same bar as plain periodic lines, with no cursor-control codes.
 */
import cliProgress from "cli-progress";

/** Whether stdout is an interactive terminal (a TTY, and not in CI where the log is a file). */
export function isInteractiveTerminal(): boolean {
  const ci = process.env.CI;
  return process.stdout.isTTY === true && !(ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false");
}

/** What the bar shows besides the step count. */
export interface ProgressValues {
  epoch: number;
  /** Latest training loss. */
  loss: number;
  /** Training examples per second in the current epoch. */
  examplesPerSecond: number;
}

/** Milliseconds between lines in non-interactive output. */
const NON_INTERACTIVE_LINE_INTERVAL_MS = 5000;

/** `{epoch}`-style payload of the bar format, as strings of fixed width. */
function payloadOf(values: ProgressValues, epochs: number): Record<string, string> {
  return {
    epoch: `${String(values.epoch).padStart(String(epochs).length)}/${epochs}`,
    loss: Number.isFinite(values.loss) ? values.loss.toFixed(4) : "   -  ",
    throughput: values.examplesPerSecond > 0 ? String(Math.round(values.examplesPerSecond)).padStart(5) : "    -",
  };
}

/**
 * A progress bar over all the optimizer steps of a run.
 *
 * @example
 * const progress = new TrainingProgress({ totalSteps: 744, epochs: 12 });
 * await progress.update(8, { epoch: 1, loss: 1.9, examplesPerSecond: 2400 });
 * progress.log("epoch 1: test accuracy 90.1%");
 * progress.stop();
 */
export class TrainingProgress {
  readonly #epochs: number;
  readonly #multiBar: cliProgress.MultiBar | undefined;
  readonly #bar: cliProgress.SingleBar;
  /** Ctrl+C while the live bar is shown: restore the terminal (line wrapping), then exit. */
  readonly #onInterrupt = () => {
    this.stop();
    process.exit(130);
  };

  constructor({ totalSteps, epochs, interactive = isInteractiveTerminal() }: { totalSteps: number; epochs: number; interactive?: boolean }) {
    this.#epochs = epochs;
    const format = "epoch {epoch} {bar} {percentage}% | step {value}/{total} | loss {loss} | {throughput} ex/s | ETA {eta_formatted}";
    const initialPayload = payloadOf({ epoch: 1, loss: NaN, examplesPerSecond: 0 }, epochs);
    if (interactive) {
      // A MultiBar (of one bar) because it can print log lines above a live bar.
      this.#multiBar = new cliProgress.MultiBar(
        { format, stream: process.stdout, barsize: 24, autopadding: true },
        cliProgress.Presets.shades_classic,
      );
      this.#bar = this.#multiBar.create(totalSteps, 0, initialPayload);
      process.once("SIGINT", this.#onInterrupt);
    } else {
      // cli-progress's "notty" mode: one plain line per interval. The stream says it is not a
      // TTY even when stdout is one (CI=true), so no cursor-control codes are written.
      const plainStdout = { isTTY: false, write: (chunk: string) => process.stdout.write(chunk) };
      this.#bar = new cliProgress.SingleBar(
        {
          format, stream: plainStdout as unknown as NodeJS.WritableStream, noTTYOutput: true,
          notTTYSchedule: NON_INTERACTIVE_LINE_INTERVAL_MS, barsize: 24,
        },
        cliProgress.Presets.legacy,
      );
      this.#bar.start(totalSteps, 0, initialPayload);
    }
  }

  /**
   * Moves the bar to `step` and shows `values`. Awaits one turn of the event loop, so the
   * bar's redraw timer runs even when the training loop itself never waits on I/O.
   */
  async update(step: number, values: ProgressValues): Promise<void> {
    this.#bar.update(step, payloadOf(values, this.#epochs));
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Prints a line (above the live bar in a terminal). */
  log(line: string): void {
    if (this.#multiBar) this.#multiBar.log(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  }

  /** Draws the final state (and any pending log lines) and ends the bar. */
  stop(): void {
    if (this.#multiBar) {
      process.removeListener("SIGINT", this.#onInterrupt);
      this.#multiBar.update(); // flushes log lines, which stop() alone would drop
      this.#multiBar.stop();
    } else {
      this.#bar.stop();
    }
  }
}
