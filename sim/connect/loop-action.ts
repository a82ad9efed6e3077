/** The Loop block: a counter per Identifier, reset when the loop is done. */
import type { FlowAction } from "../../flows/flow-json";
import { ActionResult, FlowErrorType } from "./action-type";
import type { FlowContext } from "./flow-context";
import type { Step } from "./flow-run-types";
import { byResult, errorBranch } from "./transitions";

export function loop(run: FlowContext, action: FlowAction): Step {
  const raw = run.text(action.Parameters.LoopCount);
  const count = raw === undefined ? NaN : Number(raw);
  if (!Number.isInteger(count) || count < 0 || count > 100) {
    return errorBranch(action, FlowErrorType.NoMatchingError, `LoopCount ${JSON.stringify(raw)} is not an integer in 0–100`);
  }
  const done = run.loopCounters.get(action.Identifier) ?? 0;
  if (done < count) {
    run.loopCounters.set(action.Identifier, done + 1);
    return byResult(action, ActionResult.ContinueLooping, run.data());
  }
  run.loopCounters.delete(action.Identifier);
  return byResult(action, ActionResult.DoneLooping, run.data());
}