/**
 * The training curve as an SVG, specified in vega-lite and rendered headless by vega
 * (`renderer: "none"`, no browser or canvas needed).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** The measurements the chart shows. */
export interface TrainingCurve {
  /** Training loss of every optimizer step. */
  stepLosses: number[];
  /** Optimizer steps per epoch (to place epoch points on the step axis). */
  stepsPerEpoch: number;
  /** Per epoch (1-based): mean training loss, test loss and test accuracy. */
  epochs: { epoch: number; trainLoss: number; testLoss: number; testAccuracy: number }[];
  /** Title and subtitle (e.g. the device and the final accuracy). */
  title: string;
  subtitle: string;
}

/** Vega-lite spec: losses against steps (log scale) beside test accuracy against epochs. */
function chartSpec(curve: TrainingCurve): TopLevelSpec {
  const stepRows = curve.stepLosses.map((loss, i) => ({ step: i + 1, loss, series: "train loss (each step)" }));
  const epochRows = curve.epochs.flatMap((e) => [
    { step: e.epoch * curve.stepsPerEpoch, loss: e.trainLoss, series: "train loss (epoch mean)" },
    { step: e.epoch * curve.stepsPerEpoch, loss: e.testLoss, series: "test loss" },
  ]);
  const accuracyRows = curve.epochs.map((e) => ({ epoch: e.epoch, accuracy: e.testAccuracy }));
  const color = {
    field: "series",
    type: "nominal",
    title: null,
    scale: { domain: ["train loss (each step)", "train loss (epoch mean)", "test loss"], range: ["#9ecae9", "#1f77b4", "#e45756"] },
  } as const;
  const x = { field: "step", type: "quantitative", title: "optimizer step" } as const;
  const y = { field: "loss", type: "quantitative", scale: { type: "log" }, title: "cross-entropy" } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: curve.title, subtitle: curve.subtitle },
    config: { font: "Helvetica, Arial, sans-serif", view: { stroke: "#ddd" }, legend: { orient: "top", labelLimit: 400 } },
    hconcat: [
      {
        width: 420,
        height: 260,
        layer: [
          { data: { values: stepRows }, mark: { type: "line", strokeWidth: 1 }, encoding: { x, y, color } },
          { data: { values: epochRows }, mark: { type: "line", strokeWidth: 2.5, point: true }, encoding: { x, y, color } },
        ],
      },
      {
        width: 260,
        height: 260,
        data: { values: accuracyRows },
        mark: { type: "line", point: true, color: "#54a24b" },
        encoding: {
          x: { field: "epoch", type: "quantitative", title: "epoch", axis: { tickMinStep: 1 } },
          y: { field: "accuracy", type: "quantitative", title: "test accuracy", scale: { zero: false }, axis: { format: ".1%" } },
        },
      },
    ],
  };
}

/**
 * Renders the training curve and writes it to `path` (creating its folder).
 *
 * @example
 * await writeTrainingCurveSvg(curve, "out/training-curve.svg");
 */
export async function writeTrainingCurveSvg(curve: TrainingCurve, path: string): Promise<void> {
  const vegaSpec = compile(chartSpec(curve)).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, svg);
}
