/**
 * Which operations a simulation runs, with what settings: those the flow's start calls name, those the
 * caller gives (e.g. read from a synthesized stack), each laid over the demo's settings, then the
 * scenario's overrides.
 */
import type { FlowJson } from "../../flows/flow-json";
import { validateOperations, WorkflowType, type OperationProps } from "../../infra/operation";
import { findOperationNames } from "../../flows/recognise/start-invocations";
import { SimulationInputError } from "../simulation-input-error";
import { DEMO_OPERATION_PROPS } from "./demo-world";
import { withSharedCacheKey } from "./request-sharing";
import type { Scenario } from "./scenario";

/** One operation's settings as the bridge construct takes them, its name aside (it is the key). */
export type OperationSettings = Partial<Omit<OperationProps, "name">>;

/** What {@link operationsToSimulate} reads of the simulation's options (see SimulationOptions). */
export interface OperationsToSimulateOptions {
  readonly flow: FlowJson;
  readonly scenario: Scenario;
  readonly operations?: { readonly [name: string]: OperationSettings };
  readonly operation?: OperationProps;
  readonly strictOperations?: boolean;
}

function applyOverrides(base: OperationProps, scenario: Scenario): OperationProps {
  const overrides = scenario.operation ?? {};
  if (overrides.name !== undefined && overrides.name !== base.name) return base;
  return {
    ...base,
    ...(overrides.timeoutSeconds !== undefined ? { timeoutSeconds: overrides.timeoutSeconds } : {}),
    ...(overrides.cacheTtlSeconds !== undefined ? { cacheTtlSeconds: overrides.cacheTtlSeconds } : {}),
    ...(overrides.cacheKey !== undefined ? { cacheKey: overrides.cacheKey } : {}),
    ...(overrides.fastPathMs !== undefined ? { fastPathMs: overrides.fastPathMs } : {}),
    ...(overrides.pollWaitMs !== undefined ? { pollWaitMs: overrides.pollWaitMs } : {}),
    ...(overrides.retry !== undefined ? { retry: { ...base.retry, ...overrides.retry } } : {}),
  };
}

/**
 * The operations to simulate: those the flow names, those given, and the one the scenario names, each
 * with the demo's settings under what was given for it; then the cache key the scenario's request
 * sharing calls for (request-sharing.ts); then the scenario's overrides.
 * @throws SimulationInputError for an operation the scenario names that nothing else knows, for one the
 *   flow names that `operations` lacks under `strictOperations`, and for settings the bridge would refuse
 */
export function operationsToSimulate(options: OperationsToSimulateOptions): OperationProps[] {
  const given = new Map<string, OperationProps>();
  if (options.operation !== undefined) given.set(options.operation.name, options.operation);
  for (const [name, settings] of Object.entries(options.operations ?? {})) {
    given.set(name, { ...demoSettingsFor(name), ...given.get(name), ...settings, name });
  }
  const inFlow = findOperationNames(options.flow);
  const problems: string[] = [];
  if (options.strictOperations === true) {
    for (const name of inFlow.filter((name) => !given.has(name))) {
      problems.push(`the flow starts the operation "${name}", which is not among the operations given (${[...given.keys()].sort().join(", ") || "none"}); add it, or fix the flow's "operation" value`);
    }
  }
  const names = [...new Set([...given.keys(), ...inFlow])].sort();
  const named = options.scenario.operation?.name;
  if (named !== undefined && !names.includes(named)) {
    problems.push(`the scenario's operation.name "${named}" is not an operation of this flow (${names.join(", ") || "the flow starts none"}); use one of those names`);
  }
  if (names.length === 0) names.push(DEMO_OPERATION_PROPS.name);
  const operations = names.map((name) => {
    const base = given.get(name) ?? demoSettingsFor(name);
    const shared = withSharedCacheKey(base, options.scenario, options.flow);
    const operation = applyOverrides(shared, options.scenario);
    if (shared.cacheKey !== base.cacheKey && operation.cacheKey === shared.cacheKey && operation.cacheTtlSeconds === 0) {
      problems.push(`the scenario's callers share one request, keyed on operation "${name}"'s inputs (${shared.cacheKey!.join(", ")}), but the operation keeps results per contact only (cacheTtlSeconds 0); give the scenario "operation": { "cacheTtlSeconds": N }`);
    }
    return operation;
  });
  problems.push(...validateOperations(operations, { workflowType: WorkflowType.STANDARD, isUnresolved: (value) => value.includes("${") }));
  if (problems.length > 0) throw new SimulationInputError(problems);
  return operations;
}

/**
 * The demo's settings under another name. The demo's declared `inputs` stay with the demo: another
 * operation's inputs are unknown, and keeping the demo's would make a scenario's cacheKey fail the check
 * against them.
 */
function demoSettingsFor(name: string): OperationProps {
  if (name === DEMO_OPERATION_PROPS.name) return DEMO_OPERATION_PROPS;
  const { inputs: _demoInputs, ...settings } = DEMO_OPERATION_PROPS;
  return { ...settings, name };
}
