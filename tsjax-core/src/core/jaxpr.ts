/**
 * Jaxprs: the printable intermediate representation that tracing produces and that
 * transformations and the compiler consume. A jaxpr binds input variables, runs a list of
 * primitive equations, and returns output atoms (variables or literals).
 */
import type { Array } from "../array/array.js";
import type { DType } from "../dtype.js";
import type { Primitive, ShapedArray } from "./primitive.js";
import { isList } from "../util.js";

/** A variable of a jaxpr, typed by its abstract value. */
export class Var {
  constructor(readonly aval: ShapedArray) {}
}

/** A scalar constant written inline in a jaxpr. */
export class Literal {
  constructor(
    readonly value: number | boolean,
    readonly aval: ShapedArray,
  ) {}
}

export type Atom = Var | Literal;

export interface JaxprEqn {
  readonly primitive: Primitive<any>;
  readonly inputs: readonly Atom[];
  readonly params: any;
  readonly outBinders: readonly Var[];
}

/**
 * Dead-code elimination: the equations that `outs` need, in order, and the variables they read
 * (with `outs`). Effectful equations are always kept.
 */
export function liveEquations(eqns: readonly JaxprEqn[], outs: readonly Atom[]): { kept: JaxprEqn[]; live: Set<Var> } {
  const live = new Set<Var>(outs.filter((a): a is Var => a instanceof Var));
  const kept: JaxprEqn[] = [];
  for (let i = eqns.length - 1; i >= 0; i--) {
    const e = eqns[i]!;
    if (!e.outBinders.some((v) => live.has(v)) && !e.primitive.effectful) continue;
    kept.push(e);
    for (const a of e.inputs) if (a instanceof Var) live.add(a);
  }
  return { kept: kept.reverse(), live };
}

export class Jaxpr {
  constructor(
    readonly inBinders: readonly Var[],
    readonly eqns: readonly JaxprEqn[],
    readonly outs: readonly Atom[],
  ) {}

  toString(): string {
    return printJaxpr(this);
  }
}

/** A jaxpr together with the values of its leading constant inputs. */
export class ClosedJaxpr {
  constructor(
    readonly jaxpr: Jaxpr,
    readonly consts: readonly Array[],
  ) {}

  get inAvals(): ShapedArray[] {
    return this.jaxpr.inBinders.slice(this.consts.length).map((v) => v.aval);
  }

  get outAvals(): ShapedArray[] {
    return this.jaxpr.outs.map((a) => a.aval);
  }

  toString(): string {
    return printJaxpr(this.jaxpr, this.consts.length);
  }
}

// ---------------------------------------------------------------------------------------------
// printing

const SHORT: Record<DType, string> = {
  float32: "f32", float16: "f16", int32: "i32", int16: "i16", int8: "i8", uint32: "u32", uint16: "u16", uint8: "u8", bool: "bool", complex64: "c64",
};

/** `f32[2,3]` (with a trailing `~` for weak types... omitted, as JAX prints them plainly). */
export function avalStr(a: ShapedArray): string {
  return `${SHORT[a.dtype]}[${a.shape.join(",")}]`;
}

function varNamer(): (v: Var) => string {
  const names = new Map<Var, string>();
  const letters = "abcdefghijklmnopqrstuvwxyz";
  return (v) => {
    let n = names.get(v);
    if (!n) {
      let i = names.size;
      n = "";
      do {
        n = letters[i % 26] + n;
        i = Math.floor(i / 26) - 1;
      } while (i >= 0);
      names.set(v, n);
    }
    return n;
  };
}

function literalStr(l: Literal): string {
  const v = l.value;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  const isFloat = l.aval.dtype === "float32" || l.aval.dtype === "float16";
  return isFloat && Number.isInteger(v) ? `${v}.0` : String(v);
}

function paramStr(value: unknown): string {
  if (value instanceof Jaxpr) return printJaxpr(value, 0, true);
  if (value instanceof ClosedJaxpr) return printJaxpr(value.jaxpr, value.consts.length, true);
  if (isList(value)) return `(${value.map(paramStr).join(", ")})`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${paramStr(v)}`).join(", ")}}`;
  }
  return typeof value === "string" ? value : String(value);
}

/**
 * Prints a jaxpr in JAX's notation, one equation per line:
 * `{ lambda a:f32[3]; b:f32[3]. let\n    c:f32[3] = mul a b\n  in (c) }`
 * (the variables before `;` are constants). `inline` puts it on one line, equations separated
 * by `;` (for jaxprs nested in the parameters of control flow):
 * `{ lambda a:f32[3]. let b:f32[3] = neg a; c:f32[3] = sin b in (c) }`.
 */
function printJaxpr(jaxpr: Jaxpr, numConsts = 0, inline = false): string {
  const name = varNamer();
  const atom = (a: Atom) => (a instanceof Literal ? literalStr(a) : name(a));
  const binder = (v: Var) => `${name(v)}:${avalStr(v.aval)}`;
  const consts = jaxpr.inBinders.slice(0, numConsts).map(binder).join(" ");
  const args = jaxpr.inBinders.slice(numConsts).map(binder).join(" ");
  const eqns = jaxpr.eqns.map((e) => {
    const params = Object.entries(e.params ?? {})
      .filter(([k, v]) => v !== undefined && k !== "device")
      .map(([k, v]) => `${k}=${paramStr(v)}`);
    const lhs = e.outBinders.map(binder).join(" ");
    const p = params.length ? `[${params.join(" ")}]` : "";
    return `${lhs} = ${e.primitive.name}${p} ${e.inputs.map(atom).join(" ")}`;
  });
  const outs = jaxpr.outs.map(atom).join(", ");
  const head = `{ lambda ${consts}${numConsts ? "; " : ""}${args}. let`;
  if (inline) return `${head} ${eqns.map((l) => `${l}; `).join("").slice(0, -2)}${eqns.length ? " " : ""}in (${outs}) }`;
  return `${head}\n${eqns.map((l) => `    ${l}\n`).join("")}  in (${outs}) }`;
}
