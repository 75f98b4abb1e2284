/**
 * Runs every workload in tsjax, jax-js and TensorFlow.js, in this one process, and prints
 * medians, rates and ratios (how many times faster tsjax's best device is than each peer).
 *
 *   npm run bench                                  # everything
 *   npm run bench -- --only=matmul-1024,mlp-step   # some workloads
 *   npm run bench -- --libs=tsjax,tfjs             # some libraries
 *   npm run bench -- --quick                       # fewer repetitions, 100 MLP steps for memory
 */
import "./env.js";
import { writeFileSync, mkdirSync } from "node:fs";
import type { Adapter } from "./libs/adapter.js";
import { jaxjsAdapter } from "./libs/jaxjs.js";
import { referenceAdapters } from "./libs/reference.js";
import { tfjsAdapter } from "./libs/tfjs.js";
import { tsjaxAdapter } from "./libs/tsjax.js";
import { type Measurement, measure, measureMemory } from "./measure.js";
import { printTables } from "./table.js";
import { ALL_WORKLOADS } from "./workloads.js";

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k!, v ?? "true"] as const;
  }),
);
const quick = args.has("quick");
const only = args.get("only")?.split(",");
const libs = args.get("libs")?.split(",");
const workloads = ALL_WORKLOADS.filter((w) => !only || only.some((o) => w.id.startsWith(o)));

const adapters: Adapter[] = [
  // the reference copies first: they are what the chain is measured against
  ...referenceAdapters(),
  tsjaxAdapter("webgpu"),
  tsjaxAdapter("cpu"),
  jaxjsAdapter("webgpu"),
  jaxjsAdapter("wasm"),
  tfjsAdapter("wasm"),
  tfjsAdapter("webgpu"),
].filter((a) => !libs || libs.some((l) => a.name.startsWith(l)));

const results: Measurement[] = [];
const unavailable: Record<string, string> = {};
for (const adapter of adapters) {
  const reason = await adapter.setup().catch((e: Error) => e.message);
  if (reason) {
    unavailable[adapter.name] = reason;
    console.error(`skip ${adapter.name}: ${reason}`);
    continue;
  }
  for (const w of workloads) {
    let c;
    try {
      c = await adapter.build(w);
    } catch (e) {
      console.error(`${adapter.name} ${w.id}: build failed: ${(e as Error).message}`);
      continue;
    }
    if (!c) continue;
    try {
      const m = await measure(adapter.name, w, c, { quick });
      if (w.kind === "mlp" && c.bytesInUse) m.memory = await measureMemory(c, quick ? 100 : w.size.steps!);
      results.push(m);
      console.error(`${adapter.name.padEnd(14)} ${w.id.padEnd(18)} first ${m.firstMs.toFixed(1)} ms, median ${m.medianMs.toFixed(2)} ms (${m.reps} reps)`);
    } catch (e) {
      console.error(`${adapter.name} ${w.id}: failed: ${(e as Error).stack}`);
    } finally {
      c.dispose();
    }
  }
  await adapter.teardown?.();
  save();
}

printTables(workloads, adapters.map((a) => a.name).filter((n) => !unavailable[n]), results);
for (const [name, reason] of Object.entries(unavailable)) console.log(`- ${name}: not measured (${reason})`);
save();
process.exit(0);

/** Writes what has been measured so far (a crash of a peer library loses only the rest). */
function save(): void {
  mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
  writeFileSync(new URL("../results/latest.json", import.meta.url), JSON.stringify({ date: new Date().toISOString(), results, unavailable }, null, 2));
}
