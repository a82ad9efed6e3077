/** Alarms, dashboard and saved queries of a bridge (docs/operations.md). */
export * from "./alarm-definitions";
export * from "./alarm-kind";
export * from "./aws-metrics";
export * from "./bridge-alarms";
export * from "./bridge-monitoring";
export * from "./dashboard-body";
export * from "./monitored-bridge";
export * from "./saved-queries";
