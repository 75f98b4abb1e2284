/** Draws the model's decision regions (probability of class 1 on a grid) and the data points. */

/** The training points on the host, for drawing. */
export interface HostPoints {
  /** `count × 2` coordinates, one point after another. */
  points: Float32Array;
  /** `count` labels, 0 or 1. */
  labels: Int32Array;
}

const CLASS_COLORS: [number, number, number][] = [[0, 121, 140], [237, 174, 73]];

/**
 * Paints `probabilities` (`size × size`, row by row from the top) as a blend of the two class
 * colours, then the points of `data` over it; the plane spans [-extent, extent]².
 */
export function drawRegions(canvas: HTMLCanvasElement, probabilities: Float32Array, size: number, data: HostPoints | undefined, extent = 1.2): void {
  const ctx = canvas.getContext("2d")!;
  const image = ctx.createImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const p = probabilities[i]!;
    for (let c = 0; c < 3; c++) image.data[4 * i + c] = 255 - 0.55 * (255 - ((1 - p) * CLASS_COLORS[0]![c]! + p * CLASS_COLORS[1]![c]!));
    image.data[4 * i + 3] = 255;
  }
  const tile = document.createElement("canvas");
  tile.width = size;
  tile.height = size;
  tile.getContext("2d")!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tile, 0, 0, canvas.width, canvas.height);
  for (let i = 0; data && i < data.labels.length; i++) {
    const x = ((data!.points[2 * i]! + extent) / (2 * extent)) * canvas.width;
    const y = ((extent - data!.points[2 * i + 1]!) / (2 * extent)) * canvas.height;
    ctx.fillStyle = `rgb(${CLASS_COLORS[data!.labels[i]!]!.join(",")})`;
    ctx.beginPath();
    ctx.arc(x, y, 2, 0, 2 * Math.PI);
    ctx.fill();
  }
}
