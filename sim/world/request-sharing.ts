/**
 * Whether a scenario's callers ask for the same thing, and what that means for the operation the user
 * deployed (issue 17 C). A scenario says `"requests": "shared"` (every caller asks for the same thing)
 * or `"per-caller"` (the default: each asks for their own); the simulator derives, from the operation
 * itself, the cache key and the contact attributes that make it so. Named scenarios never name the
 * demo's inputs, so they fit any operation.
 *
 * - The cache key: the operation's own `cacheKey`; failing that, when the requests are shared, its
 *   declared `inputs`, or else the parameters the flow's start invocations send besides `operation`.
 *   An operation with neither has nothing to share a request on: each caller then starts an execution of
 *   their own (keyed by the ContactId), and the report says so in its notes.
 * - The callers' attributes: each cache-key input the flow reads from a contact attribute
 *   (`$.Attributes.x`) that the scenario's caller group does not set gets `shared` when the requests
 *   are shared, else `caller-<n>`. Inputs taken from elsewhere (a constant, `$.LanguageCode`) are
 *   left as the flow gives them.
 */
import type { FlowJson } from "../../flows/flow-json";
import type { OperationProps } from "../../infra/operation";
import { isReference, referenceSegments } from "../connect/flow-references";
import { findStartInvocations, isFixedOperationName, type StartInvocation } from "../../flows/recognise/start-invocations";
import { type CallerPlan, RequestSharing, type Scenario } from "./scenario";


/** The value a derived attribute takes when every caller shares the request. */
const SHARED_VALUE = "shared";

/** The input names the flow's start invocations send for `operation`, in the order first sent. */
function sentInputs(invocations: ReadonlyArray<StartInvocation>, operation: string): string[] {
  return [...new Set(invocations.filter((invocation) => invocation.operation === operation).flatMap((invocation) => Object.keys(invocation.inputs)))];
}

/**
 * The operation with the cache key the scenario's sharing calls for: its own, or, when requests are
 * shared, one made of its inputs. Unchanged for per-caller requests.
 */
export function withSharedCacheKey(operation: OperationProps, scenario: Scenario, flow: FlowJson): OperationProps {
  if (scenario.requests !== RequestSharing.shared || operation.cacheKey !== undefined) return operation;
  const inputs = operation.inputs !== undefined && operation.inputs.length > 0 ? [...operation.inputs] : sentInputs(findStartInvocations(flow), operation.name);
  return inputs.length === 0 ? operation : { ...operation, cacheKey: inputs };
}

/**
 * What the report tells the reader about the sharing: an operation the flow starts whose callers could
 * not share a request. Operations the flow never starts (a project's others) are left out; a start whose
 * operation is a `$.` reference could be any of them, so then none is.
 */
export function requestSharingNotes(operations: ReadonlyArray<Pick<OperationProps, "name" | "cacheKey">>, scenario: Scenario, flow: FlowJson): string[] {
  if (scenario.requests !== RequestSharing.shared) return [];
  const starts = findStartInvocations(flow);
  const started = starts.every((invocation) => isFixedOperationName(invocation.operation)) ? new Set(starts.map((invocation) => invocation.operation)) : undefined;
  return operations
    .filter((operation) => operation.cacheKey === undefined && (started === undefined || started.has(operation.name)))
    .map((operation) => `the scenario's callers share one request, but operation "${operation.name}" declares no inputs and the flow sends it none, so there is nothing to share it on: each caller starts an execution of their own (keyed by the ContactId)`);
}

/** The contact attribute a whole `$.Attributes.x` reference reads, if it is one. */
function attributeOf(value: string): string | undefined {
  if (!isReference(value)) return undefined;
  const segments = referenceSegments(value);
  return segments.length === 2 && segments[0] === "Attributes" ? segments[1] : undefined;
}

/**
 * Each caller with the contact attributes its operations' cache keys read, as the scenario's sharing
 * says; what a caller group sets itself is kept.
 */
export function withRequestAttributes(plans: ReadonlyArray<CallerPlan>, operations: ReadonlyArray<Pick<OperationProps, "name" | "cacheKey">>, scenario: Scenario, flow: FlowJson): CallerPlan[] {
  const invocations = findStartInvocations(flow);
  const keyed = new Set<string>();
  for (const operation of operations) {
    for (const invocation of invocations.filter((candidate) => candidate.operation === operation.name)) {
      for (const input of operation.cacheKey ?? []) {
        const attribute = invocation.inputs[input] === undefined ? undefined : attributeOf(invocation.inputs[input]!);
        if (attribute !== undefined) keyed.add(attribute);
      }
    }
  }
  if (keyed.size === 0) return [...plans];
  const shared = scenario.requests === RequestSharing.shared;
  return plans.map((plan) => {
    const derived: { [name: string]: string } = {};
    for (const attribute of [...keyed].sort()) derived[attribute] = shared ? SHARED_VALUE : `caller-${plan.index}`;
    return { ...plan, attributes: { ...derived, ...plan.attributes } };
  });
}
