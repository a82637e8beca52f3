export * from "./client.js";
export * from "./runtime.js";
export { CRI_V1_DESCRIPTOR, CRI_LOADER_OPTIONS } from "./proto.js";
