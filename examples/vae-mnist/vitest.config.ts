// The shared settings of the examples' test suites.
export { default } from "../vitest.shared.js";
