import { init, np, defaultDevice, jit, lax } from "./src/index.js";
import { eigh } from "./src/primitives/linalg/eigh.js";
import { buildProgram } from "./src/compile/program.js";
import { optimize } from "./src/compile/optimize.js";
import { registerHostSteps } from "./src/compile/host-steps.js";
import { expansionJaxpr } from "./src/core/expand.js";
await init(); defaultDevice("cpu");
registerHostSteps();
const n = 64;
const closed = expansionJaxpr(eigh, { lower: true, sortEigenvalues: true }, [{ shape: [n, n], dtype: "float32", weakType: false }]);
const { jaxpr } = optimize(closed.jaxpr);
const prog = buildProgram(jaxpr);
function show(p: any, depth = 0) {
  for (const s of p.steps) {
    if (s.kind === "kernel") console.log(" ".repeat(depth) + "kernel", s.kernel.kind, s.kernel.size ?? s.kernel.shape);
    else { console.log(" ".repeat(depth) + "host", s.primitive.name); for (const sub of s.programs) show(sub.program, depth + 2); }
  }
}
show(prog);
