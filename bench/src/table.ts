/** Markdown tables of the measurements: times and rates, first calls, ratios against peers. */
import type { Measurement } from "./measure.js";
import type { Workload } from "./workloads.js";

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const fmtBytes = (b: number) => `${(b / 2 ** 20).toFixed(2)} MiB`;

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

export function printTables(workloads: Workload[], adapters: string[], results: Measurement[]): void {
  const get = (a: string, w: string) => results.find((r) => r.adapter === a && r.workload === w);
  const measured = workloads.filter((w) => results.some((r) => r.workload === w.id));
  const rate = (w: Workload, m: Measurement) => {
    if (!w.rate) return "";
    const perSecond = (w.rate.amount * 1000) / m.medianMs;
    return w.rate.unit === "steps/s" ? ` (${Math.round(perSecond)} steps/s)` : ` (${(perSecond / 1e9).toFixed(2)} ${w.rate.unit})`;
  };

  console.log("\n## Steady-state median per call (ms), with rate\n");
  console.log(table(["workload", ...adapters], measured.map((w) => [w.label, ...adapters.map((a) => {
    const m = get(a, w.id);
    return m ? `${fmtMs(m.medianMs)}${rate(w, m)}` : "-";
  })])));

  console.log("\n## First call (trace + compile + run, ms) / steady state\n");
  console.log(table(["workload", ...adapters], measured.map((w) => [w.label, ...adapters.map((a) => {
    const m = get(a, w.id);
    return m ? `${fmtMs(m.firstMs)} / ${fmtMs(m.medianMs)}` : "-";
  })])));

  const ours = adapters.filter((a) => a.startsWith("tsjax"));
  const peers = adapters.filter((a) => !a.startsWith("tsjax") && !a.startsWith("copy") && !a.startsWith("raw"));
  console.log("\n## Speedup of tsjax's best device over each peer (peer time / tsjax time; >1 = tsjax faster)\n");
  console.log(table(["workload", "tsjax best", ...peers], measured.filter((w) => w.kind !== "copy").map((w) => {
    const best = ours.map((a) => get(a, w.id)).filter((m): m is Measurement => !!m).sort((x, y) => x.medianMs - y.medianMs)[0];
    return [w.label, best ? `${best.adapter} ${fmtMs(best.medianMs)}` : "-", ...peers.map((p) => {
      const m = get(p, w.id);
      return best && m ? `${(m.medianMs / best.medianMs).toFixed(2)}x` : "-";
    })];
  })));

  const chain = get("tsjax webgpu", "chain-4M");
  const copy = get("raw webgpu", "copy-4M");
  if (chain && copy) {
    console.log(`\nelementwise chain on webgpu: ${chain.kernelCount ?? "?"} kernel(s), ${(copy.medianMs / chain.medianMs).toFixed(2)}x the bandwidth of a plain copy`);
  }
  const chainCpu = get("tsjax cpu", "chain-4M");
  const copyCpu = get("copy cpu", "copy-4M");
  if (chainCpu && copyCpu) {
    console.log(`elementwise chain on cpu: ${chainCpu.kernelCount ?? "?"} kernel(s), ${(copyCpu.medianMs / chainCpu.medianMs).toFixed(2)}x the bandwidth of a plain copy`);
  }
  for (const w of measured.filter((x) => x.kind === "matmul")) {
    const ours = get("tsjax webgpu", w.id);
    const raw = get("raw webgpu", w.id);
    const jaxjs = get("jax-js webgpu", w.id);
    if (!ours || !raw) continue;
    const vsJaxjs = jaxjs ? `, ${(jaxjs.medianMs / ours.medianMs).toFixed(2)}x jax-js webgpu` : "";
    console.log(`${w.label} on webgpu: tsjax ${(raw.medianMs / ours.medianMs).toFixed(2)}x the raw register-tiled WGSL kernel${vsJaxjs}`);
  }
  const mem = results.filter((r) => r.memory);
  if (mem.length) {
    console.log("\n## Device memory held by the MLP training loop\n");
    console.log(table(["library", "after 10 steps", "after N steps", "N"], mem.map((m) => [m.adapter, fmtBytes(m.memory!.after10), fmtBytes(m.memory!.afterN), String(m.memory!.steps)])));
  }
}
