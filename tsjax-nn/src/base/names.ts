/** Module naming helpers (haiku's rules). @internal */
import { NameError } from "./errors.js";

const CAMEL_TO_SNAKE = /((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))/g;

/**
 * `"Conv2DTranspose"` → `"conv2_d_transpose"`, as haiku's `camel_to_snake`.
 *
 * @example
 * camelToSnake("MultiHeadAttention"); // "multi_head_attention"
 */
export function camelToSnake(value: string): string {
  return value.replace(CAMEL_TO_SNAKE, "_$1").toLowerCase();
}

const VALID_IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Throws unless each part of a module name is a valid identifier (`~` allowed where noted). */
export function checkName(component: string, fullName: string, allowLeadingTilde = false): void {
  let c = component;
  if (allowLeadingTilde && c.startsWith("~")) {
    c = c.slice(1);
    if (!c) return;
  }
  if (!VALID_IDENTIFIER.test(c)) {
    throw new NameError(`'${fullName}' is not a valid module name: use letters, digits and underscores, not starting with a digit (e.g. "encoder_1").`);
  }
}

/** `"linear_2"` → `["linear", 2]`; `"linear"` → `["linear", null]`. */
export function nameAndNumber(name: string): [string, number | null] {
  const m = /^(.*)_(0|[1-9]\d*)$/s.exec(name);
  return m ? [m[1]!, Number(m[2])] : [name, null];
}

/** Prefix that makes a module take exactly the given name (haiku's `force_name`). */
export const OVERRIDE_PREFIX = "FORCE:";
