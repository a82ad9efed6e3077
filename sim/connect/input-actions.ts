/** Input blocks: DTMF (Get customer input) and a Lex bot, answered by the scenario's caller. */
import type { FlowAction } from "../../flows/flow-json";
import { FlowErrorType } from "./action-type";
import type { FlowContext } from "./flow-context";
import type { Step } from "./flow-run-types";
import { play, silentWait } from "./prompt-actions";
import { byResult, errorBranch, next } from "./transitions";

/** Time the caller takes to key one digit, once they decide to answer. */
const DIGIT_ENTRY_MS = 600;
/** Time the caller takes to say something to a bot. */
const LEX_UTTERANCE_MS = 2000;
/** Default InputTimeLimitSeconds of an input block. */
const DEFAULT_INPUT_TIME_LIMIT_SECONDS = 5;

export function nextOccurrence(run: FlowContext, blockId: string): number {
  const occurrence = (run.inputOccurrences.get(blockId) ?? 0) + 1;
  run.inputOccurrences.set(blockId, occurrence);
  return occurrence;
}

export async function getParticipantInput(run: FlowContext, action: FlowAction): Promise<Step> {
  const p = action.Parameters;
  await play(run, action);
  const occurrence = nextOccurrence(run, action.Identifier);
  const input = run.options.callerInput?.({ blockId: action.Identifier, callerId: run.callerId, kind: "dtmf", occurrence });
  if (input === undefined || input === "") {
    const seconds = Number(run.text(p.InputTimeLimitSeconds) ?? DEFAULT_INPUT_TIME_LIMIT_SECONDS);
    await silentWait(run, action.Identifier, (Number.isFinite(seconds) ? seconds : DEFAULT_INPUT_TIME_LIMIT_SECONDS) * 1000, "waiting for input (none)");
    return errorBranch(action, FlowErrorType.InputTimeLimitExceeded, "the caller entered nothing");
  }
  await silentWait(run, action.Identifier, input.length * DIGIT_ENTRY_MS, `caller keys ${input}`);
  if (String(p.StoreInput ?? "False").toLowerCase() === "true") {
    run.storedCustomerInput = input;
    return next(action);
  }
  return byResult(action, input, run.data());
}

export async function connectWithLexBot(run: FlowContext, action: FlowAction): Promise<Step> {
  await play(run, action);
  const occurrence = nextOccurrence(run, action.Identifier);
  const intent = run.options.callerInput?.({ blockId: action.Identifier, callerId: run.callerId, kind: "lex", occurrence });
  if (intent === undefined || intent === "") {
    const seconds = Number(run.text(action.Parameters.LexTimeoutSeconds) ?? DEFAULT_INPUT_TIME_LIMIT_SECONDS);
    await silentWait(run, action.Identifier, (Number.isFinite(seconds) ? seconds : DEFAULT_INPUT_TIME_LIMIT_SECONDS) * 1000, "waiting for the caller to speak (silence)");
    return errorBranch(action, FlowErrorType.InputTimeLimitExceeded, "the caller said nothing");
  }
  await silentWait(run, action.Identifier, LEX_UTTERANCE_MS, `caller says something matching ${intent}`);
  run.lex = { IntentName: intent, Slots: {}, SessionAttributes: {} };
  return byResult(action, intent, run.data());
}