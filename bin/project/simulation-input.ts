/**
 * What the simulator needs to run one of the user's flows with the user's operations: the flow (Lambda
 * references as ARNs naming the functions), each operation's settings as the bridge deployed them, and
 * which Lambda is start, poll or something else. `simulate` calls {@link loadSimulationInput}, and
 * `simulate --all` {@link loadSimulationInputs}.
 */
import type { FlowJson } from "../../flows/flow-json";
import type { OperationProps } from "../../infra/operation";
import { loadProject, projectFlowsOf } from "./load-project";
import { ProjectError } from "./project-error";
import type { StackFlow, StackModel, StackOperation } from "./stack-model";

/** What a Lambda ARN in the flow is. */
export interface SimulationFunction {
  readonly kind: "start" | "poll" | "other";
  /** The function name, for labels. */
  readonly functionName: string;
  /** Its reserved concurrency, as the stack sets it. @default none (it shares the unreserved executions) */
  readonly reservedConcurrency?: number;
}

/** One flow of the user's stack, ready to simulate. */
export interface SimulationInput {
  /** The stack the flow is in. */
  readonly stackName: string;
  /** The flow's name in Connect. */
  readonly flowName: string;
  readonly flow: FlowJson;
  /** Identifier → builder block name. */
  readonly blockNames: ReadonlyMap<string, string>;
  /** Every operation of the stack's bridges, by name, as OperationProps (targets as flows see them). */
  readonly operations: { readonly [name: string]: OperationProps };
  /** Lambda ARN → what it is, for every Lambda of the stack. */
  readonly functions: { readonly [arn: string]: SimulationFunction };
}

/** Options of {@link loadSimulationInput}. */
export interface LoadSimulationInputOptions {
  /** The project folder. */
  readonly projectDir: string;
  /**
   * The flow: its name in Connect or its file stem (as build-flows names the files).
   * @default the only flow, or the only one that calls a bridge's start function
   */
  readonly flow?: string;
}

/** Synthesizes the project and picks the flow; an unknown or ambiguous flow is a {@link ProjectError}. */
export function loadSimulationInput(options: LoadSimulationInputOptions): SimulationInput {
  const project = loadProject({ projectDir: options.projectDir });
  try {
    const all = projectFlowsOf(project);
    const listed = all.map(({ flow }) => `"${flow.name}"`).join(", ") || "none";
    let candidates = options.flow === undefined ? all : all.filter(({ flow }) => flow.name === options.flow || flow.fileStem === options.flow);
    if (options.flow === undefined && candidates.length > 1) {
      candidates = candidates.filter(({ stack, flow }) => {
        const starts = new Set(stack.bridges.map((bridge) => bridge.start.arn));
        return flow.flow.Actions.some((action) => starts.has(String(action.Parameters.LambdaFunctionARN)));
      });
    }
    if (candidates.length === 0) {
      throw new ProjectError(options.flow === undefined ? `the project has no contact flow to simulate (flows: ${listed})` : `the project has no flow "${options.flow}" (flows: ${listed})`);
    }
    if (candidates.length > 1) throw new ProjectError(`the project has several flows (${listed}); choose one by name, or simulate every one with --all`);
    const { stack, flow } = candidates[0]!;
    return simulationInputOf(stack, flow);
  } finally {
    project.dispose();
  }
}

/** Synthesizes the project once and returns every flow of every stack, in stack then flow order. */
export function loadSimulationInputs(options: Pick<LoadSimulationInputOptions, "projectDir">): SimulationInput[] {
  const project = loadProject({ projectDir: options.projectDir });
  try {
    const all = projectFlowsOf(project);
    if (all.length === 0) throw new ProjectError(`the project has no contact flow to simulate`);
    return all.map(({ stack, flow }) => simulationInputOf(stack, flow));
  } finally {
    project.dispose();
  }
}

/** One flow with its stack's operations and functions. */
function simulationInputOf(stack: StackModel, flow: StackFlow): SimulationInput {
  // Entries, not assignments: an operation named "__proto__" must become a key, not the map's prototype.
  const operations: { [name: string]: OperationProps } = Object.fromEntries(stack.bridges.flatMap((bridge) =>
    Object.values(bridge.operations).map((operation) => [operation.name, toOperationProps(operation)] as const)));
  const functions: { [arn: string]: SimulationFunction } = {};
  for (const fn of stack.functions) {
    functions[fn.arn] = { kind: fn.role, functionName: fn.functionName, ...(fn.reservedConcurrency !== undefined ? { reservedConcurrency: fn.reservedConcurrency } : {}) };
  }
  return { stackName: stack.name, flowName: flow.name, flow: flow.flow, blockNames: flow.blockNames, operations, functions };
}

/** The operation as the bridge's props would declare it; several targets run in parallel when the ASL has a Parallel state. */
export function toOperationProps(operation: StackOperation): OperationProps {
  const targets = operation.targets;
  const parallel = operation.stateMachine !== undefined && /"Type"\s*:\s*"Parallel"/.test(operation.stateMachine.definition);
  return {
    name: operation.name,
    target: targets.length === 1 ? targets[0]! : parallel ? { parallel: targets } : { sequence: targets },
    timeoutSeconds: operation.timeoutSeconds,
    cacheTtlSeconds: operation.cacheTtlSeconds,
    ...(operation.cacheKey !== undefined ? { cacheKey: operation.cacheKey } : {}),
    ...(operation.fastPathMs !== undefined ? { fastPathMs: operation.fastPathMs } : {}),
    ...(operation.pollWaitMs !== undefined ? { pollWaitMs: operation.pollWaitMs } : {}),
    ...(operation.responseType !== undefined ? { responseType: operation.responseType } : {}),
  };
}
