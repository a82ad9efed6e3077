/**
 * The Wait block: a plain silent wait, or an event-based one (reference §2.1.2) that runs its Continue
 * branch, or stays silent, until the awaited asynchronous invocation returns or its time limit passes.
 */
import type { FlowAction } from "../../flows/flow-json";
import { TimelineKind } from "../report/timeline";
import { ActionResult, FlowErrorType } from "./action-type";
import type { FlowContext } from "./flow-context";
import { FlowRuntimeError } from "./flow-errors";
import type { FlowTerminal, Step } from "./flow-run-types";
import { silentWait } from "./prompt-actions";
import { byResult, errorBranch } from "./transitions";
import { WaitInterrupt, type WaitInterruptCause } from "./wait-interrupt";

/** The invocation ids a Wait's InterruptibleEvents wait for, by branch name. */
export function lambdaEvents(run: FlowContext, action: FlowAction): Array<{ readonly branch: string; readonly invocationId: string }> {
  const events = action.Parameters.InterruptibleEvents;
  if (events === undefined || events === null) return [];
  if (typeof events !== "object" || Array.isArray(events)) throw new FlowRuntimeError(action.Identifier, "InterruptibleEvents is not a map of branch names to events");
  return Object.entries(events).map(([branch, event]) => {
    const identifier = (event as { AsyncLambdaCompletionEvent?: { Identifier?: unknown } } | null)?.AsyncLambdaCompletionEvent?.Identifier;
    if (identifier === undefined) {
      throw new FlowRuntimeError(action.Identifier, `the event ${JSON.stringify(branch)} is not an AsyncLambdaCompletionEvent, the only event the simulator models`);
    }
    return { branch, invocationId: run.text(identifier) ?? "" };
  });
}

export async function wait(run: FlowContext, action: FlowAction): Promise<Step> {
  const p = action.Parameters;
  const seconds = Number(run.text(p.TimeLimitSeconds ?? p.TimeoutSeconds));
  if (!Number.isFinite(seconds) || seconds <= 0) return errorBranch(action, FlowErrorType.NoMatchingError, "Wait has no valid TimeLimitSeconds");
  if (run.interrupt !== undefined) {
    throw new FlowRuntimeError(action.Identifier, "a Wait inside another Wait's Continue branch: Connect refuses it (Unsupported Action In Wait Action's Continue Branch); end the Continue branch with prompts or a Loop instead");
  }
  const events = lambdaEvents(run, action);
  const keepRunning = String(run.text(p.ContinueExecution) ?? "").toUpperCase() === "TRUE";
  if (events.length === 0 && !keepRunning) {
    await silentWait(run, action.Identifier, seconds * 1000, `Wait ${seconds} s`);
    return byResult(action, ActionResult.WaitCompleted, run.data());
  }

  const interrupt = new WaitInterrupt();
  const invocations = events.map((event) => ({ event, invocation: run.asyncInvocations.get(event.invocationId) }));
  const returned = invocations.find(({ invocation }) => invocation?.outcome !== undefined);
  if (returned !== undefined) {
    interrupt.fire({ kind: "event", branch: returned.event.branch, invocationId: returned.event.invocationId });
  } else {
    // A wrong id never returns: the Wait runs to its limit, as Connect's does.
    for (const { event, invocation } of invocations) {
      void invocation?.returned.then(() => interrupt.fire({ kind: "event", branch: event.branch, invocationId: event.invocationId }));
    }
    void run.options.clock.sleep(seconds * 1000, interrupt.signal).then(() => interrupt.fire({ kind: "timeout" }));
    if (keepRunning) {
      const terminal = await runContinueBranch(run, action, interrupt);
      if (terminal !== undefined) {
        interrupt.fire({ kind: "timeout" }); // nothing is waiting any more: clear the limit's timer
        return { terminal };
      }
    } else {
      run.interrupt = interrupt;
      try {
        await silentWait(run, action.Identifier, seconds * 1000, `Wait for ${events.map((event) => event.branch).join(", ")} (${seconds} s)`);
      } finally {
        run.interrupt = undefined;
      }
    }
  }
  const cause: WaitInterruptCause = await interrupt.fired;
  run.record({
    kind: TimelineKind.waitEvent,
    atMs: run.elapsed(),
    durationMs: 0,
    blockId: action.Identifier,
    text: cause.kind === "event" ? `${cause.branch}: the Lambda returned` : `WaitCompleted: ${seconds} s passed`,
  });
  return byResult(action, cause.kind === "event" ? cause.branch : ActionResult.WaitCompleted, run.data());
}

/**
 * Runs the Wait's Continue branch until `interrupt` fires; returns the terminal action when the branch
 * reaches one first (the call ends there: an assumption, Connect does not document it).
 */
export async function runContinueBranch(run: FlowContext, action: FlowAction, interrupt: WaitInterrupt): Promise<FlowTerminal | undefined> {
  const start = (action.Transitions.Conditions ?? []).find(
    (condition) => condition.Condition.Operator === "Equals" && condition.Condition.Operands[0] === ActionResult.Continue,
  )?.NextAction;
  if (start === undefined) {
    throw new FlowRuntimeError(action.Identifier, `ContinueExecution is TRUE but no condition Equals "${ActionResult.Continue}" names the Continue branch; add it`);
  }
  run.interrupt = interrupt;
  try {
    let blockId = start;
    while (interrupt.cause === undefined) {
      const outcome = await run.execute(run.enter(blockId));
      if (interrupt.cause !== undefined) break;
      if ("terminal" in outcome) return outcome.terminal;
      blockId = outcome.next;
    }
    return undefined;
  } finally {
    run.interrupt = undefined;
  }
}
