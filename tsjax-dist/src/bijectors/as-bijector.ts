/** Converting functions to bijectors (distrax's `conversion.as_bijector`). @internal */
import { nn, np } from "tsjax-core";
import { describe } from "../utils/args.js";
import { Bijector } from "./bijector.js";
import { type BijectorLike, Lambda } from "./lambda.js";
import { Sigmoid } from "./sigmoid.js";
import { Tanh } from "./tanh.js";

/** `b` if it is a bijector; a function becomes a `Lambda` (`np.tanh`, `nn.sigmoid`: their bijectors). */
export function asBijector(op: string, b: BijectorLike): Bijector {
  if (b instanceof Bijector) return b;
  if (b === np.tanh) return new Tanh();
  if (b === nn.sigmoid) return new Sigmoid();
  if (typeof b === "function") return new Lambda(b);
  throw new TypeError(`${op}: expected a Bijector or a function, got ${describe(b)}.`);
}
