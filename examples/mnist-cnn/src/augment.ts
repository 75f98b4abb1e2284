/**
 * Data augmentation on the device: random translations of whole images by a few pixels, the
 * classic cheap regularizer for MNIST. Written with array ops, so it runs inside the jitted step.
 */
import { type Array as JArray, np, random } from "tsjax-core";

/** Side of an MNIST image in pixels. */
const IMAGE_SIDE = 28;

/**
 * Shifts each image `[batch, 28 * 28]` by its own random offset of up to `maxShift` pixels in
 * each direction, filling uncovered pixels with 0 (background).
 *
 * @example
 * const augmented = randomTranslate(key, batchImages, 2); // same shape
 */
export function randomTranslate(key: JArray, images: JArray, maxShift: number): JArray {
  if (maxShift === 0) return images;
  const batch = images.shape[0]!;
  const keys = random.split(key);
  const [rowKey, columnKey] = [keys.get(0), keys.get(1)];
  const rowShift = random.randint(rowKey, [batch, 1], -maxShift, maxShift + 1);
  const columnShift = random.randint(columnKey, [batch, 1], -maxShift, maxShift + 1);
  const pixel = np.arange(IMAGE_SIDE * IMAGE_SIDE, undefined, 1, { dtype: "int32" }).reshape(1, -1);
  // output pixel (row, column) reads input pixel (row - rowShift, column - columnShift)
  const sourceRow = np.floorDivide(pixel, IMAGE_SIDE).sub(rowShift);
  const sourceColumn = np.mod(pixel, IMAGE_SIDE).sub(columnShift);
  const inside = sourceRow.ge(0).and(sourceRow.lt(IMAGE_SIDE)).and(sourceColumn.ge(0)).and(sourceColumn.lt(IMAGE_SIDE));
  const sourcePixel = np.clip(sourceRow, 0, IMAGE_SIDE - 1).mul(IMAGE_SIDE).add(np.clip(sourceColumn, 0, IMAGE_SIDE - 1));
  return np.where(inside, np.takeAlongAxis(images, sourcePixel, 1), 0);
}
