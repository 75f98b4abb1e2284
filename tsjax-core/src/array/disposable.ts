/**
 * `Symbol.dispose` for the published types: `Array` has a `[Symbol.dispose]()` method (for
 * `using x = ...`), and a project whose `lib` lacks `esnext.disposable` (a browser project on
 * `es2022` + `dom`, say) would otherwise fail to type-check tsjax's declarations.
 * TypeScript's own `lib.esnext.disposable` and `@types/node` declare the same member.
 */
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

export {};
