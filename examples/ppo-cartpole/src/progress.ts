/**
 * The training progress bar (cli-progress) over environment steps, showing the mean episode
 * return. In an interactive terminal it redraws one line; when output is redirected or in CI it
 * prints a plain line every few seconds, with no cursor-control codes.
 */
import cliProgress from "cli-progress";

/**
 * Whether stdout is an interactive terminal (a TTY, and not in CI where the log is a file).
 *
 * @example
 * if (!isInteractiveTerminal()) console.log("progress is printed as a line every few seconds");
 */
export function isInteractiveTerminal(): boolean {
  const ci = process.env.CI;
  return process.stdout.isTTY === true && !(ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false");
}

const format = "{bar} {percentage}% | {value}/{total} env steps | iteration {iteration} | mean return {meanReturn} | {rate} steps/s | ETA {eta_formatted}";

/**
 * A progress bar over the environment steps of a run.
 *
 * @example
 * const bar = new RunProgress(500_000, 61);
 * await bar.update(8192, { iteration: 1, meanReturn: 22.4, stepsPerSecond: 30_000 });
 * bar.stop();
 */
export class RunProgress {
  readonly #bar: cliProgress.SingleBar;
  readonly #iterations: number;

  constructor(totalSteps: number, iterations: number, interactive = isInteractiveTerminal()) {
    this.#iterations = iterations;
    const stream = interactive ? process.stdout : ({ isTTY: false, write: (chunk: string) => process.stdout.write(chunk) } as unknown as NodeJS.WritableStream);
    this.#bar = new cliProgress.SingleBar(
      { format, stream, barsize: 24, noTTYOutput: !interactive, notTTYSchedule: 5000, hideCursor: interactive },
      interactive ? cliProgress.Presets.shades_classic : cliProgress.Presets.legacy,
    );
    this.#bar.start(totalSteps, 0, this.#payload(0, NaN, 0));
  }

  #payload(iteration: number, meanReturn: number, stepsPerSecond: number) {
    return {
      iteration: `${String(iteration).padStart(String(this.#iterations).length)}/${this.#iterations}`,
      meanReturn: Number.isFinite(meanReturn) ? meanReturn.toFixed(1).padStart(5) : "    -",
      rate: stepsPerSecond > 0 ? String(Math.round(stepsPerSecond)).padStart(6) : "     -",
    };
  }

  /** Moves the bar and awaits one turn of the event loop, so that its redraw timer runs. */
  async update(steps: number, { iteration, meanReturn, stepsPerSecond }: { iteration: number; meanReturn: number; stepsPerSecond: number }): Promise<void> {
    this.#bar.update(steps, this.#payload(iteration, meanReturn, stepsPerSecond));
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Draws the final state and ends the bar. */
  stop(): void {
    this.#bar.stop();
  }
}
