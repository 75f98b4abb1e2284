/** The live loss curve, drawn with uPlot. */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** The colour of the loss curve (the end-to-end test looks for it on the canvas). */
const LOSS_COLOR = "#d1495b";

/** A loss chart that redraws at most once per frame however often it is fed. */
export class LossChart {
  private readonly plot: uPlot;
  private readonly steps: number[] = [];
  private readonly losses: number[] = [];
  private pending = false;

  constructor(element: HTMLElement, width = 520, height = 260) {
    const options: uPlot.Options = {
      width,
      height,
      scales: { x: { time: false } },
      series: [{ label: "step" }, { label: "loss", stroke: LOSS_COLOR, width: 2 }],
      axes: [{ label: "step" }, { label: "loss" }],
      legend: { show: false },
    };
    this.plot = new uPlot(options, [[], []], element);
  }

  /** Adds a point and schedules a redraw. */
  push(step: number, loss: number): void {
    this.steps.push(step);
    this.losses.push(loss);
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.plot.setData([this.steps, this.losses]);
    });
  }

  /** Forgets every point. */
  clear(): void {
    this.steps.length = 0;
    this.losses.length = 0;
    this.plot.setData([[], []]);
  }
}
