/**
 * The generic module's state machine definitions, as HCL for-expressions over `local.operations`.
 *
 * Whatever does not depend on the number of targets is rendered from buildStateMachineDefinition
 * itself, with stand-ins for the values only Terraform knows (the operation's name, its target, its
 * timeouts, the table name): the drop-in definition entirely, and for orchestrated operations every
 * state but the per-target ones. Those (a Parallel branch or a sequence step per target, the Choice
 * rules that check each output, the nested `States.JsonMerge`) are for-expressions built around the
 * rendered single-target state. __tests__/generic-module checks the result against the construct's
 * definitions for one to several targets.
 */
import { COMPLETION_RESERVE_SECONDS, invocationTimeoutSeconds, resolveOperation, retryBackoffSeconds, type OperationTarget } from "../operation";
import { buildStateMachineDefinition, invokeTargetStateName, StateName, type AslState, type AslStateMachine } from "../state-machine-definition";
import { hcl, HclExpression, renderHcl, type HclSubstitutions, type HclValue } from "./hcl-expression";

/** Stand-ins: strings no operation, ARN or table name can hold, numbers no timeout can reach. */
const Sentinel = {
  operationName: "\u27e6operation-name\u27e7",
  target: "\u27e6target-arn\u27e7",
  tableName: "\u27e6table-name\u27e7",
  timeoutSeconds: 900_000_003,
} as const;

/** What the for-expressions iterate: `local.operations`, each with these attributes (see generic-bridge.ts). */
export interface DefinitionScope {
  /** The map to iterate, e.g. `local.operations`. */
  readonly operations: string;
  /** The status table's name, e.g. `aws_dynamodb_table.status.name`. */
  readonly tableName: string;
  /** The local holding {@link completionStatesExpression}, e.g. `local.completion_states`. */
  readonly completionStates: string;
}

/** The mode attribute's values in `local.operations`. */
export const OperationMode = { dropIn: "drop-in", parallel: "parallel", sequence: "sequence" } as const;

/**
 * The invocation timeout of each target, as an HCL expression of `op` (an element of `local.operations`
 * with `timeout_seconds`, `mode` and `targets`), matching invocationTimeoutSeconds for the default retry.
 */
export function invocationTimeoutExpression(op: string): string {
  const backoff = retryBackoffSeconds(resolveOperation({ name: "x", target: "x" }).retry);
  const budget = `${op}.timeout_seconds - ${COMPLETION_RESERVE_SECONDS}`;
  return `${op}.mode == "${OperationMode.sequence}" ? max(1, floor((${budget} - ${backoff} * length(${op}.targets)) / length(${op}.targets))) : ${budget}`;
}

/** A single-target definition built with the stand-ins, and the invocation timeout it was given. */
interface Prototype {
  readonly definition: AslStateMachine;
  readonly invocationTimeoutSeconds: number;
}

function prototype(target: OperationTarget): Prototype {
  const operation = resolveOperation({ name: Sentinel.operationName, target, timeoutSeconds: Sentinel.timeoutSeconds });
  return { definition: buildStateMachineDefinition({ operation, tableName: Sentinel.tableName }), invocationTimeoutSeconds: invocationTimeoutSeconds(operation) };
}

function substitutions(scope: DefinitionScope, proto: Prototype, target: string): HclSubstitutions {
  return {
    strings: new Map([
      [Sentinel.operationName, "name"],
      [Sentinel.target, target],
      [Sentinel.tableName, scope.tableName],
    ]),
    numbers: new Map([
      [Sentinel.timeoutSeconds, "op.timeout_seconds"],
      [proto.invocationTimeoutSeconds, "op.invocation_timeout_seconds"],
    ]),
  };
}

/** `{ for name, op in <operations> : name => jsonencode(<definition>) if op.mode == "<mode>" }` */
function definitionsOfMode(scope: DefinitionScope, mode: string, definition: string): string {
  return `{ for name, op in ${scope.operations} : name => jsonencode(${definition}) if op.mode == "${mode}" }`;
}

/** `"Invoke target ${i + 1}"` for a 0-based index expression. */
function stateNameOfIndex(index: string): string {
  const [before, after] = invokeTargetStateName(0).split("1");
  return `"${before}\${${index} + 1}${after}"`;
}

/**
 * The orchestrated merge of n outputs (`States.JsonMerge` nested, later wins), as a template building
 * the same text as mergeExpression; `path(i)` is the HCL template text of output i's path.
 */
function mergeTemplate(path: (index: string) => string): string {
  const opens = `\${join("", [for i in range(length(op.targets) - 1) : "States.JsonMerge("])}`;
  const rest = `\${join("", [for i in range(1, length(op.targets)) : ", ${path("i")}, false)"])}`;
  return `${opens}${path("0")}${rest}`;
}

/** The states shared by both orchestrated modes, around the per-target ones. */
function orchestratedStates(proto: AslStateMachine, outputPath: (index: string) => string): { [name: string]: HclValue } {
  const check = proto.States[StateName.checkOutputs];
  const merge = proto.States[StateName.mergeOutputs];
  if (check?.Type !== "Choice" || merge?.Type !== "Pass" || merge.Parameters === undefined) throw new Error("the orchestrated prototype lacks its merge states");
  // The prototype's rules test output 0; the same rules, for each output.
  const protoPath = check.Choices.map((rule) => ("Variable" in rule ? rule.Variable : undefined)).find((variable) => variable !== undefined) ?? "";
  const rulesOfOutput = renderHcl(check.Choices as unknown as HclValue, { strings: new Map([[protoPath, `"${outputPath("i")}"`]]) });
  const [resultKey, protoResult] = Object.entries(merge.Parameters)[0] as [string, string];
  const resultTemplate = `"${protoResult.replace(protoPath, mergeTemplate(outputPath))}"`;
  const states: { [name: string]: HclValue } = {};
  for (const [name, state] of Object.entries(proto.States)) {
    if (name === StateName.checkOutputs) states[name] = { ...check, Choices: hcl(`flatten([for i, arn in op.targets : ${rulesOfOutput}])`) } as unknown as HclValue;
    else if (name === StateName.mergeOutputs) states[name] = { ...merge, Parameters: { [resultKey]: hcl(resultTemplate) } } as unknown as HclValue;
    else states[name] = state as unknown as HclValue;
  }
  return states;
}

/**
 * The states every definition has alike, whatever the mode and targets (recording the outcome and its
 * fallbacks): rendered once, in a local, rather than once per mode.
 */
function sharedStateNames(): string[] {
  const [dropIn, ...others] = [prototype(Sentinel.target), prototype({ parallel: [Sentinel.target] }), prototype({ sequence: [Sentinel.target] })].map((proto) => proto.definition.States);
  return Object.keys(dropIn).filter((name) => others.every((states) => JSON.stringify(states[name]) === JSON.stringify(dropIn[name])));
}

/** The shared states as an HCL object (they depend on the table name only). */
export function completionStatesExpression(scope: DefinitionScope): string {
  const proto = prototype(Sentinel.target);
  return renderHcl(Object.fromEntries(sharedStateNames().map((name) => [name, proto.definition.States[name] as unknown as HclValue])), substitutions(scope, proto, "null"));
}

/** The definition around a mode's own states (`states`, the shared ones left out): merged with the shared ones. */
function renderStates(scope: DefinitionScope, proto: Prototype, states: { [name: string]: HclValue } | HclValue, perTarget: string): string {
  const { States: _states, ...top } = proto.definition;
  const shared = new Set(sharedStateNames());
  const own = states instanceof HclExpression ? states.text : renderHcl(Object.fromEntries(Object.entries(states as { [name: string]: HclValue }).filter(([name]) => !shared.has(name))), substitutions(scope, proto, perTarget));
  return renderHcl({ ...(top as unknown as { [key: string]: HclValue }), States: hcl(`merge(${own}, ${scope.completionStates})`) }, substitutions(scope, proto, perTarget));
}

/** Drop-in: the construct's definition with the stand-ins replaced, nothing else. */
export function dropInDefinitions(scope: DefinitionScope): string {
  const proto = prototype(Sentinel.target);
  return definitionsOfMode(scope, OperationMode.dropIn, renderStates(scope, proto, proto.definition.States as unknown as { [name: string]: HclValue }, "op.targets[0]"));
}

/** Parallel: one branch per target, then the merge. */
export function parallelDefinitions(scope: DefinitionScope): string {
  const proto = prototype({ parallel: [Sentinel.target] });
  const parallel = proto.definition.States[StateName.runTargetsInParallel];
  if (parallel?.Type !== "Parallel") throw new Error("the parallel prototype lacks its Parallel state");
  const protoBranch = parallel.Branches[0];
  const protoInvoke = protoBranch.States[invokeTargetStateName(0)] as AslState;
  const branch = `{ "StartAt" = ${stateNameOfIndex("i")}, "States" = { (${stateNameOfIndex("i")}) = ${renderHcl(protoInvoke as unknown as HclValue, substitutions(scope, proto, "arn"))} } }`;
  const states = orchestratedStates(proto.definition, (index) => `$.outputs[\${${index}}].Payload`);
  states[StateName.runTargetsInParallel] = { ...(parallel as unknown as { [key: string]: HclValue }), Branches: hcl(`[for i, arn in op.targets : ${branch}]`) };
  return definitionsOfMode(scope, OperationMode.parallel, renderStates(scope, proto, states, "arn"));
}

/** Sequence: one step per target, each keeping its output beside the event, then the merge. */
export function sequenceDefinitions(scope: DefinitionScope): string {
  const proto = prototype({ sequence: [Sentinel.target] });
  const protoStep = proto.definition.States[invokeTargetStateName(0)];
  if (protoStep?.Type !== "Task" || typeof protoStep.ResultPath !== "string") throw new Error("the sequence prototype lacks its first step");
  // "$.outputs.t0" → "$.outputs.t${i}": the step's own output slot.
  const slot = protoStep.ResultPath.replace(/0$/, "${i}");
  const step = renderHcl(
    { ...(protoStep as unknown as { [key: string]: HclValue }), ResultPath: hcl(`"${slot}"`), Next: hcl(`i == length(op.targets) - 1 ? "${StateName.checkOutputs}" : ${stateNameOfIndex("i + 1")}`) },
    substitutions(scope, proto, "arn"),
  );
  const steps = `{ for i, arn in op.targets : ${stateNameOfIndex("i")} => ${step} }`;
  const states = orchestratedStates(proto.definition, (index) => `${slot.replace("${i}", `\${${index}}`)}.Payload`);
  delete states[invokeTargetStateName(0)];
  const shared = new Set(sharedStateNames());
  const own = renderHcl(Object.fromEntries(Object.entries(states).filter(([name]) => !shared.has(name))), substitutions(scope, proto, "arn"));
  return definitionsOfMode(scope, OperationMode.sequence, renderStates(scope, proto, hcl(`merge(${steps}, ${own})`), "arn"));
}

/** Every operation's definition (JSON text), by name: the three modes' maps merged. */
export function definitionsExpression(scope: DefinitionScope): string {
  return `merge(${dropInDefinitions(scope)}, ${parallelDefinitions(scope)}, ${sequenceDefinitions(scope)})`;
}
