/**
 * Finds, in any flow JSON, the transitions by which an async macro (flows/async/) hands the call to its
 * outcome: a status check (`Compare` on `$.External.asyncStatus`) going to its SUCCEEDED target is
 * `success`; to its FAILED/ERROR/no-match target (unless that is where PENDING goes), or the start's error
 * branch, is `failure`; the wait Loop's DoneLooping branch and the deadline check's "past the deadline"
 * branch are `timeout` (a condition that leads to a poll is not); the DoneLooping branch of a Loop reached
 * from a poll's error or its ERROR answer is `failure`, unless it leads where a timeout does (then
 * `timeout`). Derived from the JSON alone, so it works for a flow read from a file as well as for the
 * demo flow, and for several uses of the macro in one flow. The simulator watches these transitions;
 * the diagram (macro-uses.ts) classifies a use's exits with the status-check and deadline rules below.
 */
import type { FlowAction, FlowJson } from "../flow-json";
import { ActionResult, ActionType, ErrorType } from "../flow-language";
import { AsyncStatus } from "../private/async-response";
import { uniqueActions } from "../validation/flow-edges";
import { CHANNEL_REFERENCE, equalsTarget, errorTarget, isDeadlineCheck, isPollInvocation, isStatusCheck } from "./macro-blocks";

/** The three outcomes of the async macro. */
export const AsyncOutcome = { success: "success", failure: "failure", timeout: "timeout" } as const;
export type AsyncOutcome = (typeof AsyncOutcome)[keyof typeof AsyncOutcome];

/** An outcome transition: `from` → `to` means `outcome`. */
export interface AsyncBranch {
  readonly from: string;
  readonly to: string;
  readonly outcome: AsyncOutcome;
}

/** How many blocks that only pass on (wait start, initial message, channel split) PENDING may cross to reach the wait. */
const MAX_PENDING_HOPS = 6;

/**
 * The outcomes of one status check, in this order: SUCCEEDED; FAILED; ERROR (the done branch of the Loop
 * it goes to, when a Loop tolerates polls that answer ERROR, else the ERROR target); the no-match branch
 * and NextAction, each unless it is where PENDING goes (that is the wait, not an outcome).
 */
export function statusCheckTransitions(check: FlowAction, byId: ReadonlyMap<string, FlowAction>): AsyncBranch[] {
  const found: AsyncBranch[] = [];
  const add = (from: string, to: string | undefined, outcome: AsyncOutcome): void => {
    if (to !== undefined) found.push({ from, to, outcome });
  };
  const pending = equalsTarget(check, AsyncStatus.PENDING);
  add(check.Identifier, equalsTarget(check, AsyncStatus.SUCCEEDED), AsyncOutcome.success);
  add(check.Identifier, equalsTarget(check, AsyncStatus.FAILED), AsyncOutcome.failure);
  const onError = byId.get(equalsTarget(check, AsyncStatus.ERROR) ?? "");
  if (onError?.Type === ActionType.Loop) add(onError.Identifier, equalsTarget(onError, ActionResult.DoneLooping), AsyncOutcome.failure);
  else add(check.Identifier, onError?.Identifier, AsyncOutcome.failure);
  const otherwise = errorTarget(check, ErrorType.NoMatchingCondition);
  if (otherwise !== pending) add(check.Identifier, otherwise, AsyncOutcome.failure);
  if (check.Transitions.NextAction !== pending) add(check.Identifier, check.Transitions.NextAction, AsyncOutcome.failure);
  return found;
}

/** The timeouts of one deadline check: every condition, except one that leads to one more poll (the loop's final poll). */
export function deadlineTransitions(check: FlowAction, byId: ReadonlyMap<string, FlowAction>): AsyncBranch[] {
  return (check.Transitions.Conditions ?? []).flatMap((condition) => {
    const target = byId.get(condition.NextAction);
    return target !== undefined && isPollInvocation(target) ? [] : [{ from: check.Identifier, to: condition.NextAction, outcome: AsyncOutcome.timeout }];
  });
}

/** Every macro outcome transition of `flow`; the first rule to name a transition decides its outcome. */
export function findAsyncBranches(flow: FlowJson): AsyncBranch[] {
  const actionList = uniqueActions(flow);
  const actions = new Map(actionList.map((action) => [action.Identifier, action]));
  const branches = new Map<string, AsyncBranch>();
  const add = (from: string, to: string | undefined, outcome: AsyncOutcome): void => {
    if (to !== undefined && !branches.has(`${from}\u0000${to}`)) branches.set(`${from}\u0000${to}`, { from, to, outcome });
  };
  const addAll = (found: ReadonlyArray<AsyncBranch>): void => found.forEach((branch) => add(branch.from, branch.to, branch.outcome));

  const checks = actionList.filter(isStatusCheck);
  const checkIds = new Set(checks.map((check) => check.Identifier));
  for (const check of checks) {
    addAll(statusCheckTransitions(check, actions));
    // PENDING leads, through blocks that only pass on (note the wait start, the initial message, the
    // channel split of the macro's two wait strategies), to either the wait Loop, whose done branch is a
    // timeout, or the deadline check, whose "past the deadline" condition is a timeout and whose otherwise
    // leads to the wait Loop.
    const queue: Array<{ readonly id: string | undefined; readonly hops: number }> = [{ id: equalsTarget(check, AsyncStatus.PENDING), hops: 0 }];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const { id, hops } = queue.shift()!;
      const next = id === undefined ? undefined : actions.get(id);
      if (next === undefined || hops >= MAX_PENDING_HOPS || seen.has(next.Identifier)) continue;
      seen.add(next.Identifier);
      const onward = (to: string | undefined) => queue.push({ id: to, hops: hops + 1 });
      if (next.Type === ActionType.Loop) {
        add(next.Identifier, equalsTarget(next, ActionResult.DoneLooping), AsyncOutcome.timeout);
      } else if (isDeadlineCheck(next)) {
        addAll(deadlineTransitions(next, actions));
        onward(errorTarget(next, ErrorType.NoMatchingCondition));
      } else if (next.Type === ActionType.Compare && next.Parameters.ComparisonValue === CHANNEL_REFERENCE) {
        for (const condition of next.Transitions.Conditions ?? []) onward(condition.NextAction);
        onward(errorTarget(next, ErrorType.NoMatchingCondition));
      } else if (next.Type === ActionType.UpdateFlowAttributes || next.Type === ActionType.MessageParticipant) {
        onward(next.Transitions.NextAction);
      }
    }
  }

  // A poll whose errors are counted by a Loop: when the Loop is done, the wait gives up: a timeout when
  // it leads where a timeout does (the event strategy's blind turns), else a failure.
  const outcomeAt = (to: string | undefined) => [...branches.values()].find((branch) => branch.to === to)?.outcome;
  for (const poll of actionList.filter(isPollInvocation)) {
    const errors = actions.get(errorTarget(poll, ErrorType.NoMatchingError) ?? "");
    const done = errors?.Type === ActionType.Loop ? equalsTarget(errors, ActionResult.DoneLooping) : undefined;
    if (errors !== undefined && done !== undefined) add(errors.Identifier, done, outcomeAt(done) === AsyncOutcome.timeout ? AsyncOutcome.timeout : AsyncOutcome.failure);
  }

  // The start: an InvokeLambdaFunction → UpdateFlowAttributes (save the request id) → a status check.
  for (const start of actionList.filter((action) => action.Type === ActionType.InvokeLambdaFunction)) {
    const save = start.Transitions.NextAction === undefined ? undefined : actions.get(start.Transitions.NextAction);
    if (save?.Type !== ActionType.UpdateFlowAttributes || save.Transitions.NextAction === undefined || !checkIds.has(save.Transitions.NextAction)) continue;
    add(start.Identifier, errorTarget(start, ErrorType.NoMatchingError), AsyncOutcome.failure);
    add(save.Identifier, errorTarget(save, ErrorType.NoMatchingError), AsyncOutcome.failure);
  }
  return [...branches.values()];
}
