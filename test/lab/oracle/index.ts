export * from "./run.js";
export * from "./compare.js";
