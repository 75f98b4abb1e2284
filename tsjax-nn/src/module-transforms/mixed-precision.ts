/**
 * Mixed precision (haiku's `mixed_precision` with jmp policies): parameters stored in one dtype
 * (float32), computation in another (float16 where the device has it), outputs in a third.
 */
import { type Array, type DType, defaultDevice, tree, webgpuInfo } from "tsjax-core";
import { type Module, globalInterceptors } from "../base/module.js";
import { customCreator, customGetter } from "../base/params.js";

/** The dtypes of a mixed-precision policy. */
export interface Policy {
  readonly paramDtype: DType;
  readonly computeDtype: DType;
  readonly outputDtype: DType;
}

const DTYPE_ALIASES: Record<string, DType> = {
  float32: "float32", f32: "float32", full: "float32",
  float16: "float16", f16: "float16", half: "float16",
};

/**
 * A policy from jmp's notation: `"params=float32,compute=float16,output=float32"` (or
 * `"p=f32,c=f16,o=f32"`), or one dtype for all three.
 *
 * @example
 * const policy = parsePolicy("params=float32,compute=float16,output=float32");
 */
export function parsePolicy(spec: string): Policy {
  const dtypeOf = (s: string): DType => {
    const d = DTYPE_ALIASES[s.trim().toLowerCase()];
    if (!d) throw new TypeError(`parsePolicy: unknown dtype "${s}" in "${spec}"; use float32 (f32) or float16 (f16).`);
    return d;
  };
  if (!spec.includes("=")) {
    const d = dtypeOf(spec);
    return { paramDtype: d, computeDtype: d, outputDtype: d };
  }
  const out: Partial<Record<"paramDtype" | "computeDtype" | "outputDtype", DType>> = {};
  for (const part of spec.split(",")) {
    const [k, v] = part.split("=").map((s) => s.trim());
    const key = ({ p: "paramDtype", params: "paramDtype", c: "computeDtype", compute: "computeDtype", o: "outputDtype", output: "outputDtype" } as const)[k as "p"];
    if (!key || v === undefined) throw new TypeError(`parsePolicy: cannot read "${part}" in "${spec}"; write params=..., compute=..., output=....`);
    out[key] = dtypeOf(v);
  }
  return { paramDtype: out.paramDtype ?? "float32", computeDtype: out.computeDtype ?? "float32", outputDtype: out.outputDtype ?? "float32" };
}

/**
 * The dtype computation really uses for `dtype` on the default device: float16 needs
 * `shader-f16` on WebGPU (the CPU always has it); without it, float32.
 *
 * @example
 * effectiveDtype("float16"); // "float16" on the CPU and on GPUs with shader-f16
 */
export function effectiveDtype(dtype: DType): DType {
  if (dtype !== "float16") return dtype;
  if (defaultDevice() === "webgpu" && !webgpuInfo()?.features.includes("shader-f16")) return "float32";
  return dtype;
}

const isFloatArray = (x: unknown): x is Array =>
  !!x && typeof x === "object" && "dtype" in x && ((x as Array).dtype === "float32" || (x as Array).dtype === "float16");

/** Casts the float arrays of a tree to `dtype` (other leaves unchanged). @example castFloats({ w: x, ids }, "float16"); // ids (int32) unchanged */
export function castFloats<T>(t: T, dtype: DType): T {
  return tree.map((x: unknown) => (isFloatArray(x) && x.dtype !== dtype ? x.astype(dtype) : x), t);
}

/** Runs `fn` with params created in the policy's param dtype and read (params and state) in its compute dtype. */
function underPolicy<T>(policy: Policy, fn: () => T): T {
  const compute = effectiveDtype(policy.computeDtype);
  return customCreator(
    (next, shape, _dtype, init) => next(shape, policy.paramDtype, init),
    () => customGetter((next, v) => next(isFloatArray(v) && v.dtype !== compute ? v.astype(compute) : v), fn, { state: true }),
  );
}

/**
 * Runs a function that uses modules under a policy: float inputs cast to the compute dtype,
 * parameters kept in the param dtype and cast to the compute dtype when read, float outputs
 * cast to the output dtype.
 *
 * @example
 * const f = transform(mixedPrecision(parsePolicy("p=f32,c=f16,o=f32"))((x: Array) => new MLP([256, 10]).call(x)));
 * const params = f.init(random.key(0), x); // float32 params
 * const y = f.apply(params, null, x);       // computed in float16, returned as float32
 */
export function mixedPrecision(policy: Policy) {
  return <F extends (...args: any[]) => any>(fn: F): F =>
    ((...args: unknown[]) => {
      const compute = effectiveDtype(policy.computeDtype);
      const out = underPolicy(policy, () => fn(...castFloats(args, compute)));
      return castFloats(out, policy.outputDtype);
    }) as F;
}

type ModuleClass = abstract new (...args: any[]) => Module;
const classPolicies = new Map<ModuleClass, Policy>();
let interceptorInstalled = false;
const activePolicies: Policy[] = [];

/** The policy of the innermost module method running under one (or null). @example currentPolicy()?.computeDtype */
export function currentPolicy(): Policy | null {
  return activePolicies[activePolicies.length - 1] ?? null;
}

/**
 * Uses `policy` for every instance of a module class (haiku's `set_policy`): its methods get
 * inputs in the compute dtype, read params in it, and return the output dtype.
 *
 * @example
 * setPolicy(MLP, parsePolicy("p=f32,c=f16,o=f32"));
 * setPolicy(BatchNorm, parsePolicy("float32")); // keep normalization in float32
 */
export function setPolicy(cls: ModuleClass, policy: Policy): void {
  classPolicies.set(cls, policy);
  installInterceptor();
}

/** Removes the policy of a class. @example clearPolicy(MLP) */
export function clearPolicy(cls: ModuleClass): void {
  classPolicies.delete(cls);
}

/** The policy set for a class (or null). @example getPolicy(MLP) */
export function getPolicy(cls: ModuleClass): Policy | null {
  return classPolicies.get(cls) ?? null;
}

/** Global method interception: `interceptMethods` scoped to the whole program. */
function installInterceptor(): void {
  if (interceptorInstalled) return;
  interceptorInstalled = true;
  globalInterceptors.push((next, args, ctx) => {
    const policy = classPolicies.get(ctx.module.constructor as ModuleClass);
    if (!policy) return next(...args);
    activePolicies.push(policy);
    try {
      const compute = effectiveDtype(policy.computeDtype);
      const out = underPolicy(policy, () => next(...castFloats(args, compute)));
      return castFloats(out, policy.outputDtype);
    } finally {
      activePolicies.pop();
    }
  });
}
