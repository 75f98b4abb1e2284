/** Schedules (optax `schedules`). */
export * from "./basic.js";
export * from "./join.js";
export * from "./cosine.js";
export * from "./interpolate.js";
