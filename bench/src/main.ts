/**
 * Runs every workload in tsjax, jax-js and TensorFlow.js, in this one process, and prints
 * medians, rates and ratios (how many times faster tsjax's best device is than each peer). The
 * libraries' calls of each workload are timed in turns, so that drifts in the machine's speed
 * reach all of them alike.
 *
 *   npm run bench                                  # everything
 *   npm run bench -- --only=matmul-1024,mlp-step   # some workloads
 *   npm run bench -- --libs=tsjax,tfjs             # some libraries
 *   npm run bench -- --quick                       # fewer repetitions, 100 MLP steps for memory
 *   npm run bench -- --only=mlp-prealloc           # the MLP step with and without preallocation
 */
import "./env.js";
import { writeFileSync, mkdirSync } from "node:fs";
import type { Adapter, Case } from "./libs/adapter.js";
import { jaxjsAdapter } from "./libs/jaxjs.js";
import { referenceAdapters } from "./libs/reference.js";
import { tfjsAdapter, tfjsCpuAdapter } from "./libs/tfjs.js";
import { tsjaxAdapter } from "./libs/tsjax.js";
import { type Contender, type Measurement, measureMemory, measureTogether } from "./measure.js";
import { printTables } from "./table.js";
import { type PreallocResult, preallocRow, printPrealloc } from "./prealloc.js";
import { ALL_WORKLOADS, type Workload } from "./workloads.js";

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
/** The preallocation row runs tsjax in child processes (memory options hold for a process). */
const preallocWanted = (!only || only.some((o) => "mlp-prealloc".startsWith(o))) && (!libs || libs.some((l) => "tsjax".startsWith(l) || l.startsWith("tsjax")));
let prealloc: PreallocResult[] = [];

const adapters: Adapter[] = [
  // the reference copies first: they are what the chain is measured against
  ...referenceAdapters(),
  tsjaxAdapter("webgpu"),
  tsjaxAdapter("cpu"),
  jaxjsAdapter("webgpu"),
  jaxjsAdapter("wasm"),
  tfjsAdapter("wasm"),
  tfjsAdapter("webgpu"),
  // only for the CNN and transformer steps (tfjs-wasm has no convolution gradient)
  ...(workloads.some((w) => w.kind === "cnn" || w.kind === "transformer") ? [tfjsCpuAdapter()] : []),
].filter((a) => workloads.length > 0 && (!libs || libs.some((l) => a.name.startsWith(l))));

const results: Measurement[] = [];
const unavailable: Record<string, string> = {};
const ready: Adapter[] = [];
for (const adapter of adapters) {
  const reason = await adapter.setup().catch((e: Error) => e.message);
  if (reason) {
    unavailable[adapter.name] = reason;
    console.error(`skip ${adapter.name}: ${reason}`);
  } else ready.push(adapter);
}

/** Builds `w` in `adapter` (on its device), or undefined where it cannot run it. */
async function build(adapter: Adapter, w: Workload): Promise<Case | undefined> {
  try {
    await adapter.activate?.();
    return await adapter.build(w);
  } catch (e) {
    console.error(`${adapter.name} ${w.id}: build failed: ${(e as Error).message}`);
    return undefined;
  }
}

// Each workload's cases, all libraries at once, timed in turns (see measure.ts).
for (const w of workloads) {
  const contenders: Contender[] = [];
  for (const adapter of ready) {
    const c = await build(adapter, w);
    if (c) contenders.push({ adapter: adapter.name, activate: () => adapter.activate?.(), case: c });
  }
  const measured = await measureTogether(w, contenders, { quick }, (c, e) => console.error(`${c.adapter} ${w.id}: failed: ${e.stack}`));
  contenders.forEach((c) => c.case.dispose());
  for (const m of measured) {
    results.push(m);
    console.error(`${m.adapter.padEnd(14)} ${w.id.padEnd(18)} first ${m.firstMs.toFixed(1)} ms, median ${m.medianMs.toFixed(2)} ms (${m.reps} reps)`);
  }
  // Memory of the training loop: one library at a time, each with a fresh case, so that what
  // a library reports holding is its own.
  if (w.kind === "mlp") {
    for (const adapter of ready) {
      const m = measured.find((x) => x.adapter === adapter.name);
      const c = m && (await build(adapter, w));
      if (!c) continue;
      try {
        if (c.bytesInUse) m!.memory = await measureMemory(c, quick ? 100 : w.size.steps!);
      } catch (e) {
        console.error(`${adapter.name} ${w.id}: memory failed: ${(e as Error).message}`);
      } finally {
        c.dispose();
      }
    }
  }
  save();
}
for (const adapter of ready) await adapter.teardown?.();
if (preallocWanted) {
  prealloc = preallocRow(["cpu", "webgpu"], { quick });
  save();
}

printTables(workloads, adapters.map((a) => a.name).filter((n) => !unavailable[n]), results);
for (const [name, reason] of Object.entries(unavailable)) console.log(`- ${name}: not measured (${reason})`);
if (prealloc.length > 0) printPrealloc(prealloc);
save();
process.exit(0);

/** Writes what has been measured so far (a crash of a peer library loses only the rest). */
function save(): void {
  mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
  writeFileSync(new URL("../results/latest.json", import.meta.url), JSON.stringify({ date: new Date().toISOString(), results, unavailable, prealloc }, null, 2));
}
