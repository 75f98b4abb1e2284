/**
 * tsjax-core: JAX for TypeScript. Immutable arrays with the numpy (`np`) and `lax` APIs on
 * WebGPU and CPU.
 *
 * @example
 * import { init, np } from "tsjax-core";
 * await init();                           // WebGPU on a hardware GPU, else CPU
 * const x = np.arange(6).reshape(2, 3);
 * console.log(await x.sum(0).toArray());  // [3, 5, 7]
 */
export * as np from "./numpy/index.js";
export * as lax from "./lax/index.js";
export { Array, type ArrayLike, type Axis, type Complex, type DataFor, type NestedArray, type ReduceOptions } from "./array/array.js";
export { scope } from "./array/lifetime.js";
export type {} from "./array/disposable.js";
export { type DType, dtypes, promoteTypes, resultType } from "./dtype.js";
export { DTypeError, DeviceError, DisposedArrayError, IndexError, type LiveArrayInfo, ResourceExhaustedError, ShapeError } from "./errors.js";
export type { DeviceName, MemoryStats } from "./backend/backend.js";
export { type InitOptions, defaultDevice, destroyDevice, devices, init, webgpuInfo, webgpuUnavailableReason } from "./backend/devices.js";
export type { WebGPUInfo } from "./backend/webgpu/gpu-loader.js";
export { devicePut } from "./numpy/creation.js";
export { memoryStats, resetPeak, synchronize } from "./memory-api.js";
export type { AllocatorKind, MemoryOptions } from "./backend/memory.js";
export * as tree from "./tree/index.js";
export * as nn from "./nn/index.js";
export * as random from "./random/index.js";
export * as special from "./special/index.js";
export * as scipy from "./scipy/index.js";
export { registerPytreeNode, treeNode, type TreeNodeProtocol } from "./tree/index.js";
export {
  type AxisSpec, type GradOptions, type Grads, type GradsTuple, type ShapeDtype, type VmapOptions,
  evalShape, grad, hessian, jacfwd, jacobian, jacrev, type JacobianOptions, jvp, linearize, makeJaxpr, valueAndGrad, vjp, vjpWithAux, vmap,
} from "./transforms/api.js";
export { type CheckGradsOptions, checkGrads } from "./transforms/check-grads.js";
export { type JitOptions, type Jitted, type Lowered, jit } from "./transforms/jit.js";
export { stopGradient } from "./primitives/ad-util.js";
export { type CustomJvpFunction, type CustomVjpFunction, checkpoint, customJvp, customVjp } from "./transforms/custom.js";
export { ConcretizationError, UnexpectedTracerError } from "./core/trace.js";
export type { ClosedJaxpr, Jaxpr } from "./core/jaxpr.js";
export { type TraceInfo, introspect } from "./core/introspect.js";
