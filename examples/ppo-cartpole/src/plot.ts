/**
 * The learning curve as an SVG: mean episode return against environment steps, specified in
 * vega-lite and rendered headless by vega (`renderer: "none"`, no browser or canvas needed).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** What the chart shows. */
export interface LearningCurve {
  /** After each iteration: environment steps so far and the mean return of the episodes that ended in it. */
  points: { steps: number; meanReturn: number }[];
  /** The mean return of the greedy policy after training, and the steps it was reached at. */
  greedy: { steps: number; meanReturn: number };
  /** The return CartPole-v1 counts as solved (a dashed rule). */
  target: number;
  title: string;
  subtitle: string;
}

function chartSpec(curve: LearningCurve): TopLevelSpec {
  const x = { field: "steps", type: "quantitative", title: "environment steps" } as const;
  const y = { field: "meanReturn", type: "quantitative", title: "mean episode return", scale: { domain: [0, 520] as number[] } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: curve.title, subtitle: curve.subtitle },
    config: { font: "Helvetica, Arial, sans-serif", view: { stroke: "#ddd" } },
    width: 560,
    height: 300,
    layer: [
      { data: { values: [{ meanReturn: curve.target }] }, mark: { type: "rule", strokeDash: [6, 4], color: "#999" }, encoding: { y } },
      { data: { values: curve.points }, mark: { type: "line", point: { size: 16 }, color: "#1f77b4" }, encoding: { x, y } },
      {
        data: { values: [{ ...curve.greedy, label: `greedy policy, 100 episodes: ${curve.greedy.meanReturn.toFixed(1)}` }] },
        layer: [
          { mark: { type: "point", shape: "diamond", size: 120, filled: true, color: "#e45756" }, encoding: { x, y } },
          { mark: { type: "text", align: "right", dx: -10, dy: 16, color: "#e45756" }, encoding: { x, y, text: { field: "label" } } },
        ],
      },
    ],
  };
}

/**
 * Renders the learning curve and writes it to `path` (creating its folder).
 *
 * @example
 * await writeLearningCurveSvg(curve, "out/learning-curve.svg");
 */
export async function writeLearningCurveSvg(curve: LearningCurve, path: string): Promise<void> {
  const view = new vega.View(vega.parse(compile(chartSpec(curve)).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, svg);
}
