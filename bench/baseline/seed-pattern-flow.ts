/**
 * Baseline of the caller-experience benchmark: the seed pattern (YustinS/connect-sync-to-async,
 * fixtures/connect-flows/seed_Sample-Async-Lambda.json; reference/peers.md §A1) rebuilt with our flow
 * builder, so the simulator can run it beside the demo flow:
 *
 *   start ─▶ save request id ─▶ check status ─PENDING─▶ initial message ─▶ Loop(N)
 *   Loop ─continue─▶ every 10th turn: 0.5 s break + comfort message, else: 0.5 s break ─▶ poll (8 s limit)
 *        ─▶ check status: SUCCEEDED ─▶ success, FAILED/ERROR ─▶ failure, PENDING ─▶ Loop; poll error ─▶ Loop
 *   Loop ─done─▶ "taking too long" (timeout)
 *
 * What is the seed's and what is not:
 * - the cadence is the seed's: a `<break time="500ms"/>` between polls, a comfort message every 10
 *   polls (the seed's `count_comfort` default), an 8 s poll time limit, poll errors loop again;
 * - its poll uses our poll Lambda (a DynamoDB read): the seed's DescribeExecution poll answers the same
 *   way, so the caller hears the same thing; the API-rate consequences are in the cost figure;
 * - its start is ours with no fast path (the operation's `fastPathMs` is 0 in the benchmark), since the
 *   seed's start returns as soon as StartExecution answers;
 * - the comfort cadence is a counting Loop (as in our macro) rather than the seed Lambda's `count`
 *   arithmetic: the caller hears the same sequence;
 * - the seed gives up after Loop 10 (about 6 s of polling); here the Loop count is a parameter, which
 *   the benchmark sets so the baseline waits as long as the demo flow does, so that the share of calls
 *   ending in the timeout branch compares like with like;
 * - the block shapes around the status check (start → save → check, PENDING → message → Loop) follow
 *   our macro so that the simulator recognises the outcome branches.
 */
import { Compare } from "../../flows/blocks/compare";
import { DisconnectParticipant } from "../../flows/blocks/disconnect-participant";
import { InvokeLambdaFunction } from "../../flows/blocks/invoke-lambda-function";
import { Loop } from "../../flows/blocks/loop";
import { type PromptSource, MessageParticipant } from "../../flows/blocks/message-participant";
import { UpdateFlowAttributes } from "../../flows/blocks/update-flow-attributes";
import type { IChainable } from "../../flows/chain";
import { Condition } from "../../flows/condition";
import { Flow } from "../../flows/flow";
import type { FlowJson } from "../../flows/flow-json";
import { AsyncStatus } from "../../handlers/lib/async-status";
import { ParameterName } from "../../handlers/lib/connect-request";
import { ResponseKey } from "../../handlers/lib/response";

/** Props of {@link buildSeedPatternFlow}. */
export interface SeedPatternFlowProps {
  readonly startFunctionArn: string;
  readonly pollFunctionArn: string;
  /** @default "demo" */
  readonly operation?: string;
  /** Turns (polls) before giving up, 1–100. @default 10, as in the seed */
  readonly loopCount?: number;
  /** @default the demo flow's "One moment while I look up your account." */
  readonly initialMessage?: PromptSource;
}

/** The seed's silence between polls. */
export const SEED_HOLD_PROMPT: PromptSource = { ssml: '<speak><break time="500ms"/></speak>' };
/** The seed's comfort turn: the same break, then a short message (the demo's wording). */
export const SEED_COMFORT_PROMPT: PromptSource = { ssml: '<speak><break time="500ms"/>Thank you for waiting, I am still working on it.</speak>' };
/** The seed's `count_comfort` default. */
export const SEED_COMFORT_EVERY_POLLS = 10;
/** The seed's poll time limit. */
export const SEED_POLL_TIME_LIMIT_SECONDS = 8;

const REQUEST_ID_ATTRIBUTE = "seed_asyncRequestId";

/** Builds the baseline flow's JSON (laid out and validated by our builder). */
export function buildSeedPatternFlow(props: SeedPatternFlowProps): FlowJson {
  const hangUp = new DisconnectParticipant("Hang up");
  const say = (name: string, text: string): MessageParticipant => {
    const message = new MessageParticipant(name, { prompt: { text } }).onError(hangUp);
    message.next(hangUp);
    return message;
  };
  const succeeded = say("It worked", "Look at that, it all worked well.");
  const failed = say("It failed", "Oh dear, your called function failed!");
  const tooLong = say("Taking too long", "Things are taking too long.");

  const turns = new Loop("Wait turns", { loopCount: props.loopCount ?? 10 });
  const statusCheck = (name: string, pending: IChainable): Compare =>
    new Compare(name, { comparisonValue: `$.External.${ResponseKey.status}` })
      .when(Condition.equals(AsyncStatus.SUCCEEDED), succeeded)
      .when(Condition.equals(AsyncStatus.PENDING), pending)
      .when(Condition.equals(AsyncStatus.FAILED), failed)
      .when(Condition.equals(AsyncStatus.ERROR), failed)
      .otherwise(failed);

  const poll = new InvokeLambdaFunction("Async check", {
    functionArn: props.pollFunctionArn,
    invocationTimeLimitSeconds: SEED_POLL_TIME_LIMIT_SECONDS,
    invocationAttributes: { [ParameterName.asyncRequestId]: `$.FlowAttributes.${REQUEST_ID_ATTRIBUTE}` },
  });
  poll.next(statusCheck("Check poll status", turns));
  poll.onError(turns);

  const prompt = (name: string, source: PromptSource): MessageParticipant => {
    const message = new MessageParticipant(name, { prompt: source }).onError(poll);
    message.next(poll);
    return message;
  };
  const cadence = new Loop("Comfort cadence", { loopCount: SEED_COMFORT_EVERY_POLLS - 1 });
  cadence.eachTurn(prompt("Half-second break", SEED_HOLD_PROMPT));
  cadence.whenDone(prompt("Comfort message", SEED_COMFORT_PROMPT));
  turns.eachTurn(cadence);
  turns.whenDone(tooLong);

  const initial = new MessageParticipant("Spacer message", { prompt: props.initialMessage ?? { text: "One moment while I look up your account." } }).onError(turns);
  initial.next(turns);

  const start = new InvokeLambdaFunction("Async trigger", {
    functionArn: props.startFunctionArn,
    invocationTimeLimitSeconds: SEED_POLL_TIME_LIMIT_SECONDS,
    invocationAttributes: { [ParameterName.operation]: props.operation ?? "demo" },
  }).onError(failed);
  const save = new UpdateFlowAttributes("Set details", { attributes: { [REQUEST_ID_ATTRIBUTE]: `$.External.${ResponseKey.requestId}` } }).onError(failed);
  start.next(save);
  save.next(statusCheck("Check start status", initial));

  return new Flow({ name: "seed pattern baseline", description: "The seed's poll cadence (0.5 s breaks, comfort every 10 polls), for benchmarks.", startWith: start, defaultErrorTarget: hangUp }).toJson();
}
