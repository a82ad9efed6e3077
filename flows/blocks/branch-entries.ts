import type { BranchSlot, ConditionBranch, ErrorBranch } from "../block";
import { ConditionOperator } from "../private/condition-operator";

/**
 * The `Transitions.Conditions` entry of a result branch, leading where `slot` is wired: taken when the
 * action's result equals `result`, which Connect writes as one `Equals` (e.g. Loop's `ContinueLooping`).
 */
export function resultBranch(result: string, slot: BranchSlot, wireWith: string): ConditionBranch {
  return { condition: { Operator: ConditionOperator.Equals, Operands: [result] }, target: slot.target, wireWith };
}

/** The `Transitions.Errors` entry of the error `errorType`, leading where `slot` is wired. */
export function errorBranch(errorType: string, slot: BranchSlot, whenUnwired: ErrorBranch["whenUnwired"], wireWith: string): ErrorBranch {
  return { errorType, target: slot.target, whenUnwired, wireWith };
}
