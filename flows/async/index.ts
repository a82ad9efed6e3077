// The async macro (DESIGN.md, "The flow builder and the async macro"): asyncInvoke, and its split form
// asyncStart/asyncAwait, with the strategies that keep the caller company while the work runs.
export * from "./async-invoke";
