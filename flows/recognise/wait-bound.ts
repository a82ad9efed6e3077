/**
 * How long a use of the async macro lets the caller wait, read back from its blocks (macro-uses.ts gives
 * each use's members): ContactFlow checks it against the operation's timeoutSeconds, and the diagram
 * shows it on the macro's node.
 */
import type { FlowAction } from "../flow-json";
import { ActionType, LambdaInvocationType } from "../flow-language";
import { AsyncParameter } from "../private/async-response";
import { promptDurationMs } from "../prompt-duration";
import { invocationAttributes, isDeadlineCheck, polledMacroIdOf } from "./macro-blocks";

/**
 * The worst case each strategy plans for (flows/async/loop/loop-plan.ts, flows/async/event/event-plan.ts),
 * read back from the blocks. With a voice and a text variant, the earliest deadline goes with the
 * longest round, so both give the same figure.
 * - loop: deadline + (1 + E) × (longest prompt or silent Wait + poll time limit)
 * - event: deadline + Wait time limit + E × recovery poll time limit + 1 s
 * where E is how many failed polls the wait tolerates (the count of the Loop a failed poll goes to).
 * Flows whose polls carry the give-up time (`asyncGiveUpAfterMs`, G) were sized for M = 2G − D instead.
 */
export function worstCaseSeconds(members: ReadonlyArray<FlowAction>): number | undefined {
  const deadlines = members
    .filter(isDeadlineCheck)
    .map((action) => Number(action.Transitions.Conditions?.[0]?.Condition.Operands[0]))
    .filter((deadline) => Number.isFinite(deadline));
  if (deadlines.length === 0) return undefined;
  const deadlineMs = Math.min(...deadlines);
  const polls = members.filter((action) => polledMacroIdOf(action) !== undefined);
  // Polls told the give-up time G: the plans set G = M − e and D = M − 2e, so M = 2G − D.
  const giveUps = polls.map((poll) => Number(invocationAttributes(poll)?.[AsyncParameter.giveUpAfterMs])).filter((giveUp) => Number.isFinite(giveUp));
  if (giveUps.length > 0) return Math.ceil((2 * Math.max(...giveUps) - deadlineMs) / 1000);
  const limitMs = (action: FlowAction, key: string): number => (Number(action.Parameters[key]) || 0) * 1000;
  const errorLoops = members.filter((action) => action.Type === ActionType.Loop && polls.some((poll) => poll.Transitions.Errors?.some((error) => error.NextAction === action.Identifier)));
  const tolerated = Math.max(0, ...errorLoops.map((loop) => Number(loop.Parameters.LoopCount) || 0));
  const waits = members.filter((action) => action.Type === ActionType.Wait);
  const syncPollMs = Math.max(0, ...polls.filter((poll) => poll.Parameters.InvocationType !== LambdaInvocationType.ASYNCHRONOUS).map((poll) => limitMs(poll, "InvocationTimeLimitSeconds")));
  const waitMs = Math.max(0, ...waits.map((wait) => limitMs(wait, "TimeLimitSeconds")));
  if (polls.some((poll) => poll.Parameters.InvocationType === LambdaInvocationType.ASYNCHRONOUS)) {
    return Math.ceil((deadlineMs + waitMs + tolerated * syncPollMs + 1000) / 1000);
  }
  // A loop turn plays a prompt (voice) or waits silently (text channels), then polls. Turn prompts are the
  // ones a Loop leads to; the initial message is played once, before the turns, and is not one of them.
  const loopTargets = new Set(
    members
      .filter((action) => action.Type === ActionType.Loop)
      .flatMap((loop) => [loop.Transitions.NextAction, ...(loop.Transitions.Conditions ?? []).map((condition) => condition.NextAction)]),
  );
  const turnPrompts = members.filter((action) => action.Type === ActionType.MessageParticipant && loopTargets.has(action.Identifier));
  const promptMs = Math.max(0, waitMs, ...turnPrompts.map(promptMsOf));
  return Math.ceil((deadlineMs + (1 + tolerated) * (promptMs + syncPollMs)) / 1000);
}

function promptMsOf(action: FlowAction): number {
  const { Text, SSML } = action.Parameters;
  if (typeof Text === "string") return promptDurationMs({ text: Text }) ?? 0;
  if (typeof SSML === "string") return promptDurationMs({ ssml: SSML }) ?? 0;
  return 0;
}
