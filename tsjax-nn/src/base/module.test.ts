import { describe, expect, it } from "vitest";
import { type Array, np, random } from "tsjax-core";
import { NameError, NotInTransformError } from "./errors.js";
import { Module, currentName, forceName, interceptMethods, nameScope, transparent } from "./module.js";
import { getParameter } from "./params.js";
import { transform } from "../transform/transform.js";
import { Linear } from "../modules/linear.js";
import { MLP } from "../nets/mlp.js";
import { ones } from "../initializers/constant.js";

/** Runs `f` inside a transform's init (with a key) and returns what it returns. */
function inTransform<T>(f: () => T): T {
  let out: T;
  transform(() => void (out = f())).init(random.key(0));
  return out!;
}

class Empty extends Module {}
class ScalarModule extends Module {
  call(): Array {
    return getParameter("w", [], "float32", ones);
  }
}
class Parent extends Module {
  readonly child: Empty;
  constructor(name?: string) {
    super(name);
    this.child = this.build(() => new Empty());
  }
  call(): Empty[] {
    return [new Empty(), new Empty()];
  }
  other(): Empty {
    return new Empty();
  }
}

describe("module names (haiku's rules)", () => {
  it("class name in snake_case, numbered when repeated", () => {
    const names = inTransform(() => [new Linear(1), new Linear(1), new Empty(), new Linear(1)].map((m) => m.moduleName));
    expect(names).toEqual(["linear", "linear_1", "empty", "linear_2"]);
  });

  it("explicit names, and explicit numbers reserve theirs", () => {
    const names = inTransform(() => [new Empty("foo"), new Empty("foo"), new Empty("bar_3"), new Empty("bar")].map((m) => m.moduleName));
    expect(names).toEqual(["foo", "foo_1", "bar_3", "bar_4"]);
  });

  it("children: ~ for the constructor, plain for call, ~method for other methods", () => {
    inTransform(() => {
      const p = new Parent();
      expect(p.child.moduleName).toBe("parent/~/empty");
      expect(p.call().map((m) => m.moduleName)).toEqual(["parent/empty", "parent/empty_1"]);
      // A second call of the same method starts counting again: the same names (param reuse).
      expect(p.call().map((m) => m.moduleName)).toEqual(["parent/empty", "parent/empty_1"]);
      expect(p.other().moduleName).toBe("parent/~other/empty");
    });
  });

  it("MLP children are mlp/~/linear_i", () => {
    const names = inTransform(() => new MLP([3, 4]).layers.map((l) => l.moduleName));
    expect(names).toEqual(["mlp/~/linear_0", "mlp/~/linear_1"]);
  });

  it("an explicit duplicate name in one scope is an error", () => {
    inTransform(() => {
      new Empty("x_1");
      expect(() => new Empty("x_1")).toThrow(NameError);
    });
  });

  it("invalid names are errors", () => {
    inTransform(() => {
      expect(() => new Empty("1abc")).toThrow(/not a valid module name/);
      expect(() => new Empty("a/b")).toThrow(NameError);
    });
  });

  it("name scopes prefix and number", () => {
    inTransform(() => {
      const [a, b] = nameScope("foo", () => [new Empty("bar"), new Empty("bar")]);
      expect([a.moduleName, b.moduleName]).toEqual(["foo/bar", "foo/bar_1"]);
      expect(nameScope("foo", () => new Empty("bar")).moduleName).toBe("foo_1/bar");
      expect(nameScope("x/y", () => new Empty("z")).moduleName).toBe("x/y/z");
      expect(nameScope("a", () => new Empty().moduleName, { methodName: "bar" })).toBe("a/~bar/empty");
      expect(nameScope("b", () => new Empty().moduleName, { methodName: "constructor" })).toBe("b/~/empty");
      expect(nameScope("s", () => currentName())).toBe("s");
      expect(nameScope("s", () => currentName())).toBe("s_1");
      expect(() => nameScope("/foo", () => 0)).toThrow(/must not be empty or start with/);
    });
  });

  it("forceName takes the name exactly", () => {
    inTransform(() => {
      const a = new Linear(1);
      const b = nameScope("deep", () => new Linear(1, { name: forceName(a.moduleName) }));
      expect(b.moduleName).toBe("linear");
    });
  });

  it("params are stored under the module path; the same module reuses them", () => {
    const f = transform(() => {
      const m = new ScalarModule();
      return [m.call(), m.call(), nameScope("s", () => new ScalarModule().call())];
    });
    const params = f.init(null);
    expect(Object.keys(params)).toEqual(["scalar_module", "s/scalar_module"]);
    expect(params["scalar_module"]!.w!.shape).toEqual([]);
  });

  it("paramsDict lists a module's and its children's params", () => {
    inTransform(() => {
      const mlp = new MLP([2, 3]);
      mlp.call(np.ones([1, 4]));
      expect(Object.keys(mlp.paramsDict()).sort()).toEqual(["mlp/~/linear_0/b", "mlp/~/linear_0/w", "mlp/~/linear_1/b", "mlp/~/linear_1/w"]);
    });
  });

  it("currentName is ~ at the top level and the module's name in its methods", () => {
    class Named extends Module {
      call(): string {
        return currentName();
      }
    }
    expect(inTransform(() => [currentName(), new Named().call()])).toEqual(["~", "named"]);
  });

  it("transparent methods run in the caller's scope", () => {
    class Net extends Module {
      call(): string {
        return this.make();
      }
      make(): string {
        return new Empty("proj").moduleName;
      }
    }
    transparent(Net.prototype.make);
    expect(inTransform(() => new Net().call())).toBe("net/proj");
  });

  it("interceptMethods sees every module method call", () => {
    const seen: string[] = [];
    inTransform(() =>
      interceptMethods((next, args, ctx) => {
        seen.push(`${ctx.module.moduleName}.${ctx.methodName}`);
        return next(...args);
      }, () => new MLP([2]).call(np.ones([1, 3]))),
    );
    expect(seen).toEqual(["mlp.call", "mlp/~/linear_0.call"]);
  });
});

describe("outside transform", () => {
  it("creating a module is an error that says where to create it", () => {
    expect(() => new Linear(3)).toThrow(NotInTransformError);
    expect(() => new Linear(3)).toThrow(/must be used inside a function given to transform/);
  });

  it("calling a module after its transform returned is an error", () => {
    let leaked: Linear | undefined;
    transform(() => void (leaked = new Linear(2))).init(null);
    expect(() => leaked!.call(np.ones([1, 2]))).toThrow(NotInTransformError);
  });

  it("getParameter outside transform is an error", () => {
    expect(() => getParameter("w", [1], "float32", ones)).toThrow(/getParameter must be used inside a function given to transform/);
  });
});
