// The user's CDKTF project as the command line reads it: cdktf.json, the app synthesized, each stack's
// bridges, operations and flows.
export * from "./cdktf-project";
export * from "./project-error";
export * from "./app-entry";
export * from "./run-app";
export * from "./synthesize-project";
export * from "./terraform-json";
export * from "./interpolation";
export * from "./stack-model";
export * from "./load-project";
export * from "./simulation-input";
export * from "./module-outputs";
