/**
 * Prompts: a message played (or, off voice, sent), Loop prompts, and the silence of a Wait or of an
 * input block, each recorded on the caller's timeline and cut short by a Wait's event.
 */
import type { FlowAction } from "../../flows/flow-json";
import { Channel } from "../../flows/flow-language";
import { TimelineKind } from "../report/timeline";
import { ActionResult, FlowErrorType } from "./action-type";
import type { FlowContext } from "./flow-context";
import { FlowRuntimeError } from "./flow-errors";
import type { Step } from "./flow-run-types";
import { promptSegments, type PromptSource } from "./prompt-timing";
import { byResult, errorBranch } from "./transitions";

/** The message source of a prompt-carrying action, resolved; undefined when there is none. */
export function promptSource(run: FlowContext, parameters: FlowAction["Parameters"]): PromptSource | undefined {
  const text = run.text(parameters.Text);
  if (text !== undefined) return { kind: "text", value: text };
  const ssml = run.text(parameters.SSML);
  if (ssml !== undefined) return { kind: "ssml", value: ssml };
  const promptId = run.text(parameters.PromptId);
  if (promptId !== undefined) return { kind: "audio", value: promptId };
  const media = parameters.Media as { Uri?: unknown } | undefined;
  const uri = media && typeof media === "object" ? run.text(media.Uri) : undefined;
  if (uri !== undefined) return { kind: "audio", value: uri };
  return undefined;
}

/**
 * Plays the action's prompt, if any; false when there is none. On a non-voice contact a message is
 * sent instead: Text as a chat message, SSML or a recording as a voice-only prompt that plays nothing.
 */
export async function play(run: FlowContext, action: FlowAction): Promise<boolean> {
  const source = promptSource(run, action.Parameters);
  if (!source) return false;
  if (run.system.Channel !== Channel.VOICE) {
    const kind = source.kind === "text" ? TimelineKind.message : TimelineKind.voiceOnlyPrompt;
    run.record({ kind, atMs: run.elapsed(), durationMs: 0, blockId: action.Identifier, text: source.value });
    return true;
  }
  await playSegments(run, action.Identifier, source, Infinity);
  return true;
}

/**
 * Plays a voice prompt's segments until `untilEpochMs` or a Wait's event, whichever comes first, and
 * records what was heard (a cut segment with its planned length); false when it was cut short.
 */
export async function playSegments(run: FlowContext, blockId: string, source: PromptSource, untilEpochMs: number): Promise<boolean> {
  for (const segment of promptSegments(source, run.options.promptTiming)) {
    if (run.interrupt?.cause !== undefined || run.options.clock.now() >= untilEpochMs) return false;
    const atMs = run.elapsed();
    const playedMs = await run.pass(Math.min(segment.durationMs, untilEpochMs - run.options.clock.now()));
    const cut = playedMs < segment.durationMs ? { plannedDurationMs: segment.durationMs } : {};
    // A segment cut at the instant it began was never heard: leave it out rather than show a 0 ms prompt.
    if (playedMs === 0 && segment.durationMs > 0) return false;
    run.record({ kind: segment.kind, atMs, durationMs: playedMs, blockId, text: segment.text, ...cut });
    if (playedMs < segment.durationMs) return false;
  }
  return true;
}

/**
 * Loop prompts (reference §2.3): the messages in order, over and over, until `InterruptFrequencySeconds`
 * passes (`MessagesInterrupted`) or a Wait's event cuts them. A non-voice contact takes the error branch
 * at once. Without an interrupt period the prompts play until an agent answers, which the simulator does
 * not model: outside a Continue branch the run ends there, after one pass through the messages.
 */
export async function loopPrompts(run: FlowContext, action: FlowAction): Promise<Step> {
  const messages = action.Parameters.Messages;
  if (!Array.isArray(messages) || messages.length === 0) return errorBranch(action, FlowErrorType.NoMatchingError, "Loop prompts has no Messages");
  if (run.system.Channel !== Channel.VOICE) return errorBranch(action, FlowErrorType.NoMatchingError, "Loop prompts takes its error branch on a non-voice contact");
  const sources = messages.map((message) => promptSource(run, message as FlowAction["Parameters"])).filter((source): source is PromptSource => source !== undefined);
  const seconds = Number(run.text(action.Parameters.InterruptFrequencySeconds));
  const untilEpochMs = Number.isFinite(seconds) && seconds > 0 ? run.options.clock.now() + seconds * 1000 : Infinity;
  const endless = untilEpochMs === Infinity && run.interrupt === undefined;
  for (;;) {
    const turnStartedAt = run.options.clock.now();
    for (const source of sources) {
      if (!(await playSegments(run, action.Identifier, source, untilEpochMs))) {
        // Cut by the Wait's event (the caller of this branch takes over), or by the interrupt period.
        return run.interrupt?.cause !== undefined ? { next: action.Identifier } : byResult(action, ActionResult.MessagesInterrupted, run.data());
      }
    }
    if (endless) return { terminal: { blockId: action.Identifier, type: action.Type, kind: "end", target: "in queue: Loop prompts plays until an agent answers (no agent is simulated)" } };
    if (run.options.clock.now() === turnStartedAt) throw new FlowRuntimeError(action.Identifier, "Loop prompts has no message that takes time, so it would loop forever");
  }
}

export async function silentWait(run: FlowContext, blockId: string, durationMs: number, text: string): Promise<void> {
  const atMs = run.elapsed();
  const waitedMs = await run.pass(durationMs);
  const cut = waitedMs < durationMs ? { plannedDurationMs: durationMs } : {};
  run.record({ kind: TimelineKind.wait, atMs, durationMs: waitedMs, blockId, text, ...cut });
}