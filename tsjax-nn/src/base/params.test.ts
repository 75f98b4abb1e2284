import { describe, expect, it } from "vitest";
import { type Array, lax, np, random, vmap as coreVmap } from "tsjax-core";
import { JaxUsageError, MissingRngError, ParamsError, StateError } from "./errors.js";
import { Module } from "./module.js";
import {
  customCreator, customGetter, getCurrentState, getInitialState, getParameter, getParams, getState, maybeNextRngKey, nextRngKey, nextRngKeys,
  runningInit, setState, withRng,
} from "./params.js";
import { PRNGSequence } from "./rng.js";
import { transform, transformWithState } from "../transform/transform.js";
import { Constant, ones, zeros } from "../initializers/constant.js";
import { dropout } from "../modules/dropout.js";
import refs from "../testing/refs.json";
import { v } from "../testing/helpers.js";

describe("getParameter", () => {
  it("creates in init, reads in apply, same array for the same name", () => {
    const f = transform(() => {
      const a = getParameter("w", [2], "float32", ones);
      const b = getParameter("w", [2], { init: zeros });
      expect(a).toBe(b);
      return a.sum();
    });
    const params = f.init(null);
    expect(Object.keys(params)).toEqual(["~"]);
    expect(v(f.apply({ "~": { w: np.array([3, 4]) } }, null))).toEqual([7]);
  });

  it("dtype option and the shape check", () => {
    const f = transform(() => getParameter("w", [2, 3], { dtype: "float16", init: ones }));
    expect(f.init(null)["~"]!.w!.dtype).toBe("float16");
    expect(() => transform(() => getParameter("w", [2], "float32", ones).add(getParameter("w", [3], "float32", ones))).init(null)).toThrow(
      /has shape \[2\] in the params, but the module asks for \[3\]/,
    );
  });

  it("unknown options are errors", () => {
    expect(() => transform(() => getParameter("w", [2], { init: ones, shape: [3] } as never)).init(null)).toThrow(/unknown option\(s\) shape/);
  });

  it("apply with params from another transform names the missing module", () => {
    class A extends Module {
      call(): Array {
        return getParameter("w", [1], "float32", ones);
      }
    }
    class B extends Module {
      call(): Array {
        return getParameter("w", [1], "float32", ones);
      }
    }
    const fa = transform(() => new A().call());
    const fb = transform(() => new B().call());
    expect(() => fb.apply(fa.init(null), null)).toThrow(ParamsError);
    expect(() => fb.apply(fa.init(null), null)).toThrow(/parameter 'b\/w' \[1\] is missing: the params have no module 'b' \(they have 'a'\)/);
  });
});

describe("state", () => {
  it("init returns the first value, apply returns the current one (haiku's counter)", () => {
    const f = transformWithState(() => {
      const c = getState("counter", [], "int32", zeros);
      setState("counter", c.add(1));
      return c;
    });
    const [params, state] = f.init(null);
    expect(params).toEqual({});
    expect(v(state["~"]!.counter!)).toEqual([0]);
    let s = state;
    for (let i = 0; i < 3; i++) [, s] = f.apply(params, s, null);
    expect(v(s["~"]!.counter!)).toEqual([3]);
  });

  it("getInitialState and getCurrentState", () => {
    const f = transformWithState(() => {
      getState("x", [], "float32", new Constant(10));
      setState("x", np.array(11));
      return [v(getInitialState()["~"]!.x!), v(getCurrentState()["~"]!.x!)];
    });
    expect(f.init(null)[1]["~"]!.x!.dataSync()[0]).toBe(10);
    expect(f.apply({}, { "~": { x: np.array(5) } }, null)[0]).toEqual([[5], [11]]);
  });

  it("state in a plain transform is an error that names the fix", () => {
    const f = transform(() => setState("count", np.array(1)));
    expect(() => f.init(null)).toThrow(StateError);
    expect(() => f.init(null)).toThrow(/setState\("count"\) in '~': transform\(.*\)\.init has no state\. Use transformWithState/);
  });

  it("getState without a value or initializer says so", () => {
    expect(() => transformWithState(() => getState("nope")).init(null)).toThrow(/there is no value yet/);
  });
});

describe("random keys", () => {
  it("nextRngKey splits the key as haiku's PRNGSequence does", () => {
    const f = transform(() => [nextRngKey(), nextRngKey(), nextRngKey()]);
    let keys: Array[] = [];
    transform(() => void (keys = [nextRngKey(), nextRngKey(), nextRngKey()])).init(random.key(42));
    expect(keys.map(v)).toEqual(refs.next_keys_42);
    expect(f.apply({}, 42).map(v)).toEqual(refs.next_keys_42); // an integer seed works too
  });

  it("nextRngKeys stacks keys; PRNGSequence.take draws them in order", () => {
    const seq = new PRNGSequence(random.key(42));
    expect(seq.take(3).map(v)).toEqual(refs.take3_keys_42);
    transform(() => expect(nextRngKeys(4).shape).toEqual([4, 2])).init(0);
  });

  it("a module that needs a key when apply got null is an error naming the module", () => {
    class Noisy extends Module {
      call(x: Array): Array {
        return dropout(nextRngKey(), 0.5, x);
      }
    }
    const f = transform((x: Array) => new Noisy().call(x));
    const x = np.ones([4]);
    const params = f.init(random.key(0), x);
    expect(() => f.apply(params, null, x)).toThrow(MissingRngError);
    expect(() => f.apply(params, null, x)).toThrow(/nextRngKey \(in module 'noisy'\) needs a random key, but transform\(.*\)\.apply was called with null\. Pass a key/);
  });

  it("maybeNextRngKey is null without a key; withRng overrides the sequence", () => {
    const f = transform(() => maybeNextRngKey());
    expect(f.apply({}, null)).toBeNull();
    expect(f.apply({}, random.key(0))).not.toBeNull();
    const g = transform(() => withRng(random.key(42), () => nextRngKey()));
    expect(v(g.apply({}, null))).toEqual(refs.next_keys_42[0]);
  });

  it("bad keys are clear errors", () => {
    expect(() => transform(() => 0).init(np.ones([3]) as never)).toThrow(/a random key is a uint32 array of shape \[2\]/);
  });
});

describe("runningInit, getParams, custom creators and getters", () => {
  it("runningInit is true in init only", () => {
    const f = transform(() => runningInit());
    expect(f.init(null)).toEqual({});
    expect(f.apply({}, null)).toBe(false);
    let inInit = false;
    transform(() => void (inInit = runningInit())).init(null);
    expect(inInit).toBe(true);
  });

  it("getParams shows the params created so far", () => {
    transform(() => {
      expect(getParams()).toEqual({});
      getParameter("w", [1], "float32", ones);
      expect(Object.keys(getParams())).toEqual(["~"]);
    }).init(null);
  });

  it("custom creators change creation, getters change reads", () => {
    const f = transform(() =>
      customGetter((next, v) => next(v.mul(10)), () =>
        customCreator((next, shape, dtype) => next(shape, dtype, zeros), () => getParameter("w", [2], "float32", ones).add(1)),
      ),
    );
    const p = f.init(null);
    expect(v(p["~"]!.w!)).toEqual([0, 0]);
    expect(v(f.apply({ "~": { w: np.array([1, 2]) } }, null))).toEqual([11, 21]);
  });
});

describe("core transformations around module code", () => {
  it("core vmap inside a transformed function is a JaxUsageError pointing at tsjax-nn's vmap", () => {
    const f = transform((x: Array) => coreVmap((r: Array) => r.mul(getParameter("w", [], "float32", ones)))(x));
    expect(() => f.init(null, np.ones([3, 2]))).toThrow(JaxUsageError);
    expect(() => f.init(null, np.ones([3, 2]))).toThrow(/use tsjax-nn's version instead/);
  });

  it("core lax.cond around setState is a JaxUsageError", () => {
    const f = transformWithState((x: Array) => lax.cond(x.sum().gt(0), (y: Array) => (setState("s", y), y), (y: Array) => y, x));
    expect(() => f.init(null, np.ones([2]))).toThrow(JaxUsageError);
  });
});
