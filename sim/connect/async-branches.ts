/**
 * Finds, in any flow JSON, the transitions by which an async macro (flows/async/) hands the
 * call to its outcome: a status check (`Compare` on `$.External.asyncStatus`) going to its SUCCEEDED
 * target is `success`; to its FAILED/ERROR/no-match target, or the start's error branch, is `failure`;
 * the wait Loop's DoneLooping branch and the deadline check's "past the deadline" branch are
 * `timeout` (a condition that leads to a poll is not); the DoneLooping branch of a Loop reached from a
 * poll's error or its ERROR answer is `failure`, unless it leads where a timeout does (then `timeout`). Derived from the JSON alone, so it works for a flow
 * read from a file as well as for the demo flow, and for several uses of the macro in one flow.
 */
import type { FlowAction, FlowJson } from "../../flows/flow-json";
import { ActionResult, ActionType, FlowErrorType } from "./action-type";
import { findStartInvocations, isFixedOperationName } from "./start-invocations";

/** The three outcomes of the async macro. */
export const AsyncOutcome = {
  success: "success",
  failure: "failure",
  timeout: "timeout",
} as const;
export type AsyncOutcome = (typeof AsyncOutcome)[keyof typeof AsyncOutcome];

/** What the simulator watches for: `from` → `to` means `outcome`. */
export interface AsyncBranch {
  readonly from: string;
  readonly to: string;
  readonly outcome: AsyncOutcome;
}

const STATUS_REFERENCE = "$.External.asyncStatus";
const ELAPSED_REFERENCE = "$.External.asyncElapsedMs";
const CHANNEL_REFERENCE = "$.Channel";
const Status = { SUCCEEDED: "SUCCEEDED", PENDING: "PENDING", FAILED: "FAILED", ERROR: "ERROR" } as const;

function equalsTarget(action: FlowAction, operand: string): string | undefined {
  return action.Transitions.Conditions?.find((condition) => condition.Condition.Operator === "Equals" && condition.Condition.Operands[0] === operand)?.NextAction;
}

function errorTarget(action: FlowAction, errorType: string): string | undefined {
  return action.Transitions.Errors?.find((error) => error.ErrorType === errorType)?.NextAction;
}

function isPoll(action: FlowAction): boolean {
  const attributes = action.Parameters.LambdaInvocationAttributes;
  return attributes !== null && typeof attributes === "object" && !Array.isArray(attributes) && "asyncRequestId" in attributes;
}

/** Every macro outcome transition of `flow`. */
export function findAsyncBranches(flow: FlowJson): AsyncBranch[] {
  const actions = new Map(flow.Actions.map((action) => [action.Identifier, action]));
  const branches = new Map<string, AsyncBranch>();
  const add = (from: string, to: string | undefined, outcome: AsyncOutcome): void => {
    if (to !== undefined && !branches.has(`${from}\u0000${to}`)) branches.set(`${from}\u0000${to}`, { from, to, outcome });
  };

  const checks = flow.Actions.filter((action) => action.Type === ActionType.Compare && action.Parameters.ComparisonValue === STATUS_REFERENCE);
  const checkIds = new Set(checks.map((check) => check.Identifier));
  for (const check of checks) {
    const pending = equalsTarget(check, Status.PENDING);
    add(check.Identifier, equalsTarget(check, Status.SUCCEEDED), AsyncOutcome.success);
    add(check.Identifier, equalsTarget(check, Status.FAILED), AsyncOutcome.failure);
    // A poll that answers ERROR may be tolerated: its Loop's done branch is then the failure.
    const onError = actions.get(equalsTarget(check, Status.ERROR) ?? "");
    if (onError?.Type === ActionType.Loop) add(onError.Identifier, equalsTarget(onError, ActionResult.DoneLooping), AsyncOutcome.failure);
    else add(check.Identifier, onError?.Identifier, AsyncOutcome.failure);
    add(check.Identifier, errorTarget(check, FlowErrorType.NoMatchingCondition), AsyncOutcome.failure);
    if (check.Transitions.NextAction !== pending) add(check.Identifier, check.Transitions.NextAction, AsyncOutcome.failure);

    // PENDING leads, through blocks that only pass on (note the wait start, the initial message, the
    // channel split of the macro's two wait strategies), to either the wait Loop, whose done branch is a
    // timeout, or the deadline check, whose "past the deadline" condition is a timeout and whose otherwise
    // leads to the wait Loop.
    const queue: Array<{ readonly id: string | undefined; readonly hops: number }> = [{ id: pending, hops: 0 }];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const { id, hops } = queue.shift()!;
      const next = id === undefined ? undefined : actions.get(id);
      if (next === undefined || hops >= 6 || seen.has(next.Identifier)) continue;
      seen.add(next.Identifier);
      const onward = (to: string | undefined) => queue.push({ id: to, hops: hops + 1 });
      if (next.Type === ActionType.Loop) {
        add(next.Identifier, equalsTarget(next, ActionResult.DoneLooping), AsyncOutcome.timeout);
      } else if (next.Type === ActionType.Compare && next.Parameters.ComparisonValue === ELAPSED_REFERENCE) {
        // Past a deadline is a timeout, unless the condition only leads to one more poll (the loop's final poll).
        for (const condition of next.Transitions.Conditions ?? []) {
          const target = actions.get(condition.NextAction);
          if (target === undefined || !isPoll(target)) add(next.Identifier, condition.NextAction, AsyncOutcome.timeout);
        }
        onward(errorTarget(next, FlowErrorType.NoMatchingCondition));
      } else if (next.Type === ActionType.Compare && next.Parameters.ComparisonValue === CHANNEL_REFERENCE) {
        for (const condition of next.Transitions.Conditions ?? []) onward(condition.NextAction);
        onward(errorTarget(next, FlowErrorType.NoMatchingCondition));
      } else if (next.Type === ActionType.UpdateFlowAttributes || next.Type === ActionType.MessageParticipant) {
        onward(next.Transitions.NextAction);
      }
    }
  }

  // A poll whose errors are counted by a Loop: when the Loop is done, the wait gives up: a timeout when
  // it leads where a timeout does (the event strategy's blind turns), else a failure.
  const outcomeAt = (to: string | undefined) => [...branches.values()].find((branch) => branch.to === to)?.outcome;
  for (const poll of flow.Actions.filter((action) => action.Type === ActionType.InvokeLambdaFunction && isPoll(action))) {
    const errors = actions.get(errorTarget(poll, FlowErrorType.NoMatchingError) ?? "");
    const done = errors?.Type === ActionType.Loop ? equalsTarget(errors, ActionResult.DoneLooping) : undefined;
    if (errors !== undefined && done !== undefined) add(errors.Identifier, done, outcomeAt(done) === AsyncOutcome.timeout ? AsyncOutcome.timeout : AsyncOutcome.failure);
  }

  // The start: an InvokeLambdaFunction → UpdateFlowAttributes (save the request id) → a status check.
  for (const start of flow.Actions.filter((action) => action.Type === ActionType.InvokeLambdaFunction)) {
    const save = start.Transitions.NextAction === undefined ? undefined : actions.get(start.Transitions.NextAction);
    if (save?.Type !== ActionType.UpdateFlowAttributes || save.Transitions.NextAction === undefined || !checkIds.has(save.Transitions.NextAction)) continue;
    add(start.Identifier, errorTarget(start, FlowErrorType.NoMatchingError), AsyncOutcome.failure);
    add(save.Identifier, errorTarget(save, FlowErrorType.NoMatchingError), AsyncOutcome.failure);
  }
  return [...branches.values()];
}

/** Looks up transitions quickly: `outcomeOf(from, to)`. */
export class AsyncBranchIndex {
  private readonly byTransition = new Map<string, AsyncOutcome>();

  constructor(branches: ReadonlyArray<AsyncBranch>) {
    for (const branch of branches) this.byTransition.set(`${branch.from}\u0000${branch.to}`, branch.outcome);
  }

  /** Whether the flow has an async macro at all. */
  get isEmpty(): boolean {
    return this.byTransition.size === 0;
  }

  outcomeOf(from: string, to: string): AsyncOutcome | undefined {
    return this.byTransition.get(`${from}\u0000${to}`);
  }
}

/**
 * The Lambda ARNs a flow uses as the macro's `start` (its start invocations, see start-invocations.ts)
 * and `poll` (blocks that send `asyncRequestId`).
 */
export function findAsyncFunctionArns(flow: FlowJson): { readonly start: ReadonlySet<string>; readonly poll: ReadonlySet<string> } {
  const start = new Set(findStartInvocations(flow).map((invocation) => invocation.functionArn));
  const poll = new Set<string>();
  for (const action of flow.Actions) {
    const arn = action.Parameters.LambdaFunctionARN;
    if (action.Type === ActionType.InvokeLambdaFunction && typeof arn === "string" && isPoll(action)) poll.add(arn);
  }
  return { start, poll };
}

/**
 * The operation names the flow's start invocations pass as a fixed `operation` value, sorted. A `$.`
 * reference is left out: its value is only known when the call runs (and an unconfigured one then gets
 * `UNKNOWN_OPERATION` from start, as in production). Another Lambda's own `operation` parameter is not
 * an operation.
 */
export function findOperationNames(flow: FlowJson): string[] {
  return [...new Set(findStartInvocations(flow).map((invocation) => invocation.operation).filter(isFixedOperationName))].sort();
}
