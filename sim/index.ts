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
export { simulate, operationsToSimulate, simulatedDemoFlow, functionsForFlow, DEMO_OPERATION_PROPS } from "./call-simulator";
export type { CallerReport, OperationSettings, SimulatedFunction, SimulationOptions, SimulationResult } from "./call-simulator";
export { FlowRuntimeError, UnsupportedActionError } from "./interpreter";
export { UnsupportedConditionError } from "./flow-conditions";
export { parseScenario, validateScenario, ScenarioValidationError } from "./scenario";
export type { Scenario } from "./scenario";
export { NAMED_SCENARIOS, namedScenario } from "./scenarios";
export { formatReport, formatSummary, toJsonReport } from "./report";
export type { JsonReport } from "./report";
export { SimulationInputError } from "./simulation-input-error";
export { timelineSvg } from "./timeline-svg";
