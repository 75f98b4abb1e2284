/**
 * The preallocation row: tsjax's `mlp-step` with the default pool allocator and with the
 * device's memory preallocated (`TSJAX_PREALLOCATE=1`, an arena of `ARENA_BYTES`). Memory
 * options hold for a whole process, so each setting runs in child processes
 * (prealloc-child.ts), in alternating rounds so that a drift in the machine's speed reaches
 * both alike. Prints the first call, the median step and the memory held, and the ratio.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The arena of the preallocated runs (the MLP step holds about 10 MiB at its peak). */
const ARENA_BYTES = 64 * 2 ** 20;

export interface PreallocResult {
  device: string;
  setting: string;
  firstMs: number;
  medianStepMs: number;
  steps: number;
  peakBytes: number;
  reservedBytes: number;
}

const SETTINGS: { setting: string; env: Record<string, string> }[] = [
  { setting: "pool", env: { TSJAX_PREALLOCATE: "0" } },
  { setting: "preallocate", env: { TSJAX_PREALLOCATE: "1", TSJAX_MEM_LIMIT: String(ARENA_BYTES) } },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function child(device: string, steps: number, env: Record<string, string>): { firstMs: number; stepMs: number[]; peakBytes: number; reservedBytes: number; error?: string } {
  const script = fileURLToPath(new URL("./prealloc-child.ts", import.meta.url));
  const out = execFileSync(process.execPath, ["--import", "tsx", script, device, String(steps)], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

/** Runs the row on each device: `rounds` rounds of one child per setting, `steps` steps each. */
export function preallocRow(devices: string[], { quick = false } = {}): PreallocResult[] {
  const rounds = quick ? 2 : 3;
  const steps = quick ? 10 : 30;
  const results: PreallocResult[] = [];
  for (const device of devices) {
    const runs = SETTINGS.map(() => ({ first: [] as number[], step: [] as number[], peak: 0, reserved: 0, error: "" }));
    for (let r = 0; r < rounds; r++) {
      SETTINGS.forEach((s, i) => {
        const o = child(device, steps, s.env);
        if (o.error) {
          runs[i]!.error = o.error;
          return;
        }
        runs[i]!.first.push(o.firstMs);
        runs[i]!.step.push(...o.stepMs);
        runs[i]!.peak = o.peakBytes;
        runs[i]!.reserved = o.reservedBytes;
      });
    }
    SETTINGS.forEach((s, i) => {
      const run = runs[i]!;
      if (run.error) {
        console.error(`mlp-prealloc ${device} ${s.setting}: ${run.error}`);
        return;
      }
      results.push({ device, setting: s.setting, firstMs: median(run.first), medianStepMs: median(run.step), steps: run.step.length, peakBytes: run.peak, reservedBytes: run.reserved });
    });
  }
  return results;
}

/** Prints the row as a table, with each setting's step time against the pool's. */
export function printPrealloc(results: PreallocResult[]): void {
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  console.log("\n### mlp-step with preallocated memory (tsjax; child processes; TSJAX_PREALLOCATE=1, a 64 MiB arena)\n");
  console.log("| device | allocator | first call | median step | vs pool | peak live | reserved |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of results) {
    const base = results.find((x) => x.device === r.device && x.setting === "pool");
    const ratio = base ? `${(base.medianStepMs / r.medianStepMs).toFixed(2)}x` : "";
    console.log(`| ${r.device} | ${r.setting} | ${r.firstMs.toFixed(0)} ms | ${r.medianStepMs.toFixed(2)} ms (${r.steps}) | ${ratio} | ${mib(r.peakBytes)} | ${mib(r.reservedBytes)} |`);
  }
}
