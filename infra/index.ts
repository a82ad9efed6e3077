/** The CDKTF constructs of connect-async and their pure helpers. */
export * from "./connect-async-bridge";
export * from "./contact-flow";
export * from "./iam-policies";
export * from "./lambda-bundle";
export * from "./logged-function";
export * from "./operation";
export * from "./request-id-key-secret";
export * from "./state-machine-definition";
export * from "./demo-stack";
export * from "./default-app";
export * from "./export-module";
export * from "./monitoring";
