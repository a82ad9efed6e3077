// The async macro (DESIGN.md, "The flow builder and the async macro"): asyncInvoke, and its split form
// asyncStart/asyncAwait, with the strategies that keep the caller company while the work runs.
export * from "./async-call";
export * from "./async-invoke";
export * from "./channel";
export * from "./event/event-plan";
export * from "./event/event-wait";
export * from "./loop/loop-plan";
export * from "./loop/loop-wait";
export * from "./status-check";
export * from "./wait-options";
