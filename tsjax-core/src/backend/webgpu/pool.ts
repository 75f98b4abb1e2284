/**
 * Size buckets of pooled GPU buffers. Sizes round up to one of four steps per power of two
 * (at most 25% waste), so buffers of similar sizes are reused.
 */
export function bucketBytes(bytes: number): number {
  const b = Math.max(16, Math.ceil(bytes / 4) * 4);
  if (b <= 256) return Math.ceil(b / 16) * 16;
  const p = 2 ** Math.floor(Math.log2(b));
  const step = p / 4;
  return Math.ceil(b / step) * step;
}
