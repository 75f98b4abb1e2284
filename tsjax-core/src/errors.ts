/**
 * Error classes. Every message names the operation, the shapes/dtypes/values involved and
 * what to do instead.
 */

/** Shapes that do not fit an operation (broadcasting, reshape sizes, matmul dimensions, ...). */
export class ShapeError extends Error {
  override name = "ShapeError";
}

/** A dtype that an operation does not accept. */
export class DTypeError extends TypeError {
  override name = "DTypeError";
}

/** An index or axis out of range. */
export class IndexError extends RangeError {
  override name = "IndexError";
}

/** Use of an array after `dispose()` (or after its device was destroyed). */
export class DisposedArrayError extends Error {
  override name = "DisposedArrayError";
}

/** A device that is missing, not initialized, lost or destroyed. */
export class DeviceError extends Error {
  override name = "DeviceError";
}

/** A traced value was used where a concrete value is needed (JS number/boolean, reading data, a shape). */
export class ConcretizationError extends TypeError {
  override name = "ConcretizationError";
}

/** A traced value was used after the transformation that created it finished. */
export class UnexpectedTracerError extends Error {
  override name = "UnexpectedTracerError";
}
