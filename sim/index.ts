/**
 * The simulator's public API for a user's own code and tests (`import … from "connect-async/lib/sim"`):
 * run a flow with `simulate`, read scenarios, print or serialize the result. The command line loads the
 * modules it needs directly, so that `--help` starts without them.
 *
 * ```ts
 * const result = await simulate({
 *   flow,                                         // flow-language JSON, e.g. from a synthesized stack
 *   operations: { lookup: { timeoutSeconds: 90 } }, // settings by operation name (the rest: the demo's)
 *   scenario: namedScenario("slow-backend"),
 *   channel: "CHAT",
 * });
 * process.stdout.write(formatReport(result));
 * ```
 */
export { simulate } from "./call-simulator";
export type { SimulationOptions } from "./call-simulator";
export { operationsToSimulate } from "./world/operations-to-simulate";
export type { OperationSettings } from "./world/operations-to-simulate";
export { simulatedDemoFlow, DEMO_OPERATION_PROPS } from "./world/demo-world";
export { functionsForFlow } from "./aws/function-map";
export type { SimulatedFunction } from "./aws/function-map";
export type { CallerReport, SimulationResult } from "./report/simulation-result";
export { FlowRuntimeError, UnsupportedActionError } from "./connect/flow-errors";
export { UnsupportedConditionError } from "./connect/flow-conditions";
export { parseScenario, validateScenario, ScenarioValidationError } from "./world/scenario";
export type { Scenario } from "./world/scenario";
export { NAMED_SCENARIOS, namedScenario } from "./world/scenarios";
export { formatReport, formatSummary, toJsonReport } from "./report/report";
export type { JsonReport } from "./report/report";
export { SimulationInputError } from "./simulation-input-error";
export { timelineSvg } from "./report/timeline-svg";
