/** Where a block goes next: its NextAction, an error branch, or the condition its result matches. */
import type { FlowAction, FlowErrorTransition } from "../../flows/flow-json";
import { FlowErrorType } from "./action-type";
import { FlowRuntimeError } from "./flow-errors";
import { firstMatchingCondition } from "./flow-conditions";
import type { FlowData } from "./flow-references";
import type { Step } from "./flow-run-types";

export function next(action: FlowAction): Step {
  const next = action.Transitions.NextAction;
  if (next === undefined) throw new FlowRuntimeError(action.Identifier, `${action.Type} finished but has no NextAction`);
  return { next };
}

/** The error branch for `errorType`, falling back to NoMatchingError as Connect does. */
export function errorBranch(action: FlowAction, errorType: string, why: string): Step {
  const errors: ReadonlyArray<FlowErrorTransition> = action.Transitions.Errors ?? [];
  const branch = errors.find((error) => error.ErrorType === errorType) ?? errors.find((error) => error.ErrorType === FlowErrorType.NoMatchingError);
  if (!branch) throw new FlowRuntimeError(action.Identifier, `${why}, and the block has no ${errorType} or NoMatchingError branch`);
  return { next: branch.NextAction };
}

/** The first condition that holds for `result`; else NoMatchingCondition; else NextAction. */
export function byResult(action: FlowAction, result: string, data: FlowData): Step {
  const match = firstMatchingCondition(action.Identifier, action.Transitions.Conditions ?? [], result, data);
  if (match) return { next: match.NextAction };
  const noMatch = (action.Transitions.Errors ?? []).find((error) => error.ErrorType === FlowErrorType.NoMatchingCondition);
  if (noMatch) return { next: noMatch.NextAction };
  if (action.Transitions.NextAction !== undefined) return { next: action.Transitions.NextAction };
  throw new FlowRuntimeError(action.Identifier, `no condition holds for result ${JSON.stringify(result)} and there is no NoMatchingCondition branch`);
}
