import { afterEach, describe, expect, it } from "vitest";
import { type Array, np, random } from "tsjax-core";
import { transform, transformWithState } from "../transform/transform.js";
import { MLP } from "../nets/mlp.js";
import { Linear } from "../modules/linear.js";
import { Flatten } from "../modules/reshape.js";
import { BatchNorm } from "../modules/batch-norm.js";
import { evalSummary, formatBytes, tabulate } from "./tabulate.js";
import { clearPolicy, currentPolicy, effectiveDtype, mixedPrecision, parsePolicy, setPolicy } from "./mixed-precision.js";
import { close, rand, v } from "../testing/helpers.js";

describe("tabulate and evalSummary", () => {
  const f = transform((x: Array) => new MLP([300, 100, 10]).call(x));

  it("one row per module call: path, owned params, shapes, counts and bytes", () => {
    const rows = evalSummary(f)(np.ones([8, 784]));
    expect(rows.map((r) => r.moduleName)).toEqual(["mlp", "mlp/~/linear_0", "mlp/~/linear_1", "mlp/~/linear_2"]);
    expect(rows[0]!.paramCount).toBe(784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10);
    expect(rows[1]!).toMatchObject({ ownedParams: { w: "f32[784,300]", b: "f32[300]" }, input: "f32[8,784]", output: "f32[8,300]", paramCount: 235500, paramBytes: 942000 });
    expect(rows[1]!.callStack).toEqual(["mlp (MLP)", "mlp/~/linear_0 (Linear)"]);
  });

  it("prints a grid table", () => {
    const table = tabulate(f)(np.ones([8, 784]));
    const lines = table.split("\n");
    expect(lines[1]).toMatch(/^\| Module +\| Module params +\| Input +\| Output +\| Param count \| Param bytes \|$/);
    expect(table).toContain(
      "| mlp (MLP)                  | w: f32[784,300] | f32[8,784] | f32[8,300] |     235,500 |   942.00 KB |\n" +
        "|  └ mlp/~/linear_0 (Linear) | b: f32[300]     |            |            |             |             |",
    );
    expect(table).toContain("| mlp (MLP)                  |                 | f32[8,784] | f32[8,10]  |     266,610 |     1.07 MB |");
    expect(tabulate(f, { columns: ["module", "params_size"] })(np.ones([1, 784])).split("\n")[1]).toMatch(/^\| Module +\| Param count \|$/);
    expect(() => tabulate(f, { columns: ["size" as never] })).toThrow(/unknown column/);
    const withParams = tabulate(transform((x: Array) => new Linear(2).call(new Flatten().call(x))), { filters: ["has_params"] })(np.ones([2, 3, 1]));
    expect(withParams).toContain("linear (Linear)");
    expect(withParams).not.toContain("flatten");
  });

  it("works with state and non-array arguments, and computes nothing", () => {
    const g = transformWithState((x: Array, training: boolean) => new BatchNorm(true, true, 0.9).call(new Linear(4).call(x), training));
    const rows = evalSummary(g)(np.ones([2, 3]), true);
    expect(rows.map((r) => `${r.moduleName}.${r.methodName}`)).toEqual([
      "linear.call", "batch_norm.call", "batch_norm/~/mean_ema.call", "batch_norm/~/var_ema.call",
    ]);
  });

  it("formatBytes uses powers of 1000 like haiku", () => {
    expect([formatBytes(12), formatBytes(942000), formatBytes(1066440)]).toEqual(["12.00 B", "942.00 KB", "1.07 MB"]);
  });
});

describe("mixed precision", () => {
  afterEach(() => clearPolicy(Linear));

  it("parsePolicy reads jmp's notation", () => {
    expect(parsePolicy("params=float32,compute=float16,output=float32")).toEqual({ paramDtype: "float32", computeDtype: "float16", outputDtype: "float32" });
    expect(parsePolicy("p=f32,c=f16,o=f16")).toEqual({ paramDtype: "float32", computeDtype: "float16", outputDtype: "float16" });
    expect(parsePolicy("half")).toEqual({ paramDtype: "float16", computeDtype: "float16", outputDtype: "float16" });
    expect(() => parsePolicy("p=f64")).toThrow(/unknown dtype "f64"/);
  });

  it("params stay float32, compute is float16 (on the CPU), outputs float32", () => {
    const policy = parsePolicy("p=f32,c=f16,o=f32");
    const seen: string[] = [];
    const f = transform(
      mixedPrecision(policy)((x: Array) => {
        seen.push(x.dtype);
        const h = new Linear(4).call(x);
        seen.push(h.dtype);
        return h;
      }),
    );
    const x = rand([2, 3], 1);
    const params = f.init(random.key(0), x);
    expect(params.linear!.w!.dtype).toBe("float32");
    seen.length = 0;
    const y = f.apply(params, null, x);
    expect(y.dtype).toBe("float32");
    expect(effectiveDtype("float16")).toBe("float16");
    expect(seen).toEqual(["float16", "float16"]);
    // float16 rounding: close to the float32 result at half precision
    close(y, v(x.matmul(params.linear!.w!).add(params.linear!.b!)), { atol: 5e-3, rtol: 5e-3 });
  });

  it("setPolicy applies to every instance of a class; other classes are untouched", () => {
    setPolicy(Linear, parsePolicy("p=f32,c=f16,o=f16"));
    const f = transform((x: Array) => {
      const h = new Linear(3).call(x);
      return [h.dtype, currentPolicy(), new BatchNorm(true, true, 0.9)] as const;
    });
    const out = f.apply(f.init(random.key(0), np.ones([1, 2])), null, np.ones([1, 2]));
    expect(out[0]).toBe("float16");
    expect(out[1]).toBeNull(); // outside Linear's methods
    clearPolicy(Linear);
    expect(transform((x: Array) => new Linear(3).call(x).dtype).apply(f.init(random.key(0), np.ones([1, 2])), null, np.ones([1, 2]))).toBe("float32");
  });
});
