/**
 * The demo flow this project ships: greets the caller, looks up their account through the async macro
 * (the demo operation behind the start/poll Lambdas), reads the result back, and apologises on failure
 * or timeout, then transfers to a queue (when one is given) or hangs up.
 *
 * It waits with the event strategy (Connect's asynchronous Lambda mode): hold music from the instance's
 * default prompts plays until the answer cuts it, with a comfort message every half minute; chat contacts
 * get two short texts at most. `strategy: "loop"` builds the same flow with the loop of prompts and
 * polls, for comparison and for flow types without Wait.
 *
 * The demo backend's knobs come from contact attributes, so a deployed demo can show every path
 * (set them e.g. with StartOutboundVoiceContact/StartChatContact attributes, or in a simulator scenario):
 * - `demoDelayMs`: how long the backend takes, in milliseconds; a non-number or absent value becomes
 *   {@link DEMO_DEFAULT_DELAY_MS} (long enough to hear the loop and a comfort message, short enough to
 *   succeed); a value above the wait (about a minute) shows the timeout path;
 * - `demoFail`: `"true"` (or an error name such as `ThrottlingException`) makes the backend fail;
 *   absent, empty or `"false"` succeeds.
 * They reach the backend (handlers/demo-backend.ts) as the invocation attributes `delayMs` and `fail`.
 */
import type { Block } from "./block";
import { asyncInvoke, type AsyncWaitStrategy } from "./async";
import { Compare } from "./blocks/compare";
import { DisconnectParticipant } from "./blocks/disconnect-participant";
import { type LibraryPrompt, MessageParticipant } from "./blocks/message-participant";
import { TransferContactToQueue } from "./blocks/transfer-contact-to-queue";
import { UpdateContactAttributes } from "./blocks/update-contact-attributes";
import { UpdateContactTargetQueue } from "./blocks/update-contact-target-queue";
import { UpdateContactTextToSpeechVoice } from "./blocks/update-contact-text-to-speech-voice";
import { UpdateFlowLoggingBehavior } from "./blocks/update-flow-logging-behavior";
import { Chain, type IChainable } from "./chain";
import { Condition } from "./condition";
import { Flow } from "./flow";
import type { FlowJson } from "./flow-json";

/** Props of {@link buildDemoFlow}. */
export interface DemoFlowProps {
  /** The `start` Lambda's ARN (a deploy-time token is fine). */
  readonly startFunctionArn: string;
  /** The `poll` Lambda's ARN (a deploy-time token is fine). */
  readonly pollFunctionArn: string;
  /**
   * The event strategy's long-poll Lambda (the bridge's `longPollFunction`, with its own bounded share of
   * the account's concurrency); the loop strategy does not use it.
   * @default pollFunctionArn
   */
  readonly longPollFunctionArn?: string;
  /** The operation the demo calls. @default "demo" */
  readonly operation?: string;
  /** The flow's name; it determines every block Identifier. @default "connect-async demo" */
  readonly name?: string;
  /** A queue to transfer the caller to after a failure or timeout (ID, ARN or token). @default none: hang up */
  readonly queueArn?: string;
  /** The longest the caller waits for the lookup, in seconds. @default 60 */
  readonly maxWaitSeconds?: number;
  /** How the caller is kept company. @default "event" */
  readonly strategy?: AsyncWaitStrategy;
  /**
   * The event strategy's hold music: a prompt of the instance's library (the stack looks up the default
   * `CustomerQueue.wav` with the aws_connect_prompt data source). It repeats until the answer cuts it.
   * @default {@link DEMO_HOLD_MUSIC}, a stand-in ARN for the simulator
   */
  readonly holdMusic?: LibraryPrompt;
  /**
   * The loop strategy's pause between polls, in whole seconds (an SSML break). Short, because a prompt
   * cannot be cut when the result arrives; the operation's long poll (`pollWaitMs`) covers the rest of a
   * turn. Connect's Loop allows 100 turns, so waits of several minutes need longer pauses (the macro says
   * how long when they are too short).
   * @default 1
   */
  readonly holdSeconds?: number;
}

/** The default hold music every Connect instance has; the stack looks its ARN up by this name. */
export const DEMO_HOLD_MUSIC_NAME = "CustomerQueue.wav";

/**
 * The simulator's stand-in for the instance's hold music. The recording's length is not in any API; it
 * only tells the simulator how long one play lasts, and the music repeats until the answer cuts it.
 */
export const DEMO_HOLD_MUSIC: LibraryPrompt = {
  promptId: "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000/prompt/00000000-0000-4000-8000-00000000cafe",
  lengthSeconds: 120,
};

/** The backend delay used when the `demoDelayMs` contact attribute is absent or not a number. */
export const DEMO_DEFAULT_DELAY_MS = "6000";

/** Builds the demo flow's JSON (laid out and validated). */
export function buildDemoFlow(props: DemoFlowProps): FlowJson {
  return demoFlow(props).toJson();
}

/** The demo flow as a builder {@link Flow} (for its block names, e.g. in diagrams). */
export function demoFlow(props: DemoFlowProps): Flow {
  const operation = props.operation ?? "demo";
  const goodbye = new DisconnectParticipant("Hang up");
  const somethingWentWrong = new MessageParticipant("Something went wrong", {
    prompt: { text: "Sorry, something went wrong on our side. Please call again later. Goodbye." },
  }).onError(goodbye);
  somethingWentWrong.next(goodbye);

  const handOver = handOverToPeople(props.queueArn, goodbye);
  const sorryFailed = new MessageParticipant("Apologise for the failure", {
    prompt: { text: "Sorry, we could not look up your account right now." },
  }).onError(handOver);
  sorryFailed.next(handOver);
  const sorryTimedOut = new MessageParticipant("Apologise for the delay", {
    prompt: { text: "Sorry, this is taking longer than expected." },
  }).onError(handOver);
  sorryTimedOut.next(handOver);

  const readResult = new MessageParticipant("Read the balance", {
    prompt: { text: "Your account is $.External.accountStatus and your balance is $.External.balance. Thank you for calling. Goodbye." },
  }).onError(goodbye);
  readResult.next(goodbye);

  const common = {
    id: "lookUpAccount",
    startFunctionArn: props.startFunctionArn,
    pollFunctionArn: props.pollFunctionArn,
    input: { accountId: "$.Attributes.accountId", delayMs: "$.Attributes.demoDelayMs", fail: "$.Attributes.demoFail" },
    maxWaitSeconds: props.maxWaitSeconds ?? 60,
    initialMessage: { text: "One moment while I look up your account." },
    comfortMessage: { text: "Thank you for waiting, I am still working on it." },
    onSuccess: readResult,
    onFailure: sorryFailed,
    onTimeout: sorryTimedOut,
  };
  const lookUp =
    (props.strategy ?? "event") === "event"
      ? asyncInvoke(operation, {
          ...common,
          strategy: "event",
          ...(props.longPollFunctionArn !== undefined ? { longPollFunctionArn: props.longPollFunctionArn } : {}),
          holdPrompt: props.holdMusic ?? DEMO_HOLD_MUSIC,
          comfortEverySeconds: 30,
        })
      : asyncInvoke(operation, {
          ...common,
          strategy: props.strategy,
          holdPrompt: { ssml: `<speak><break time="${props.holdSeconds ?? 1}s"/></speak>` },
          // A prompt cannot be cut, so a result that lands during one waits for its end: keep it short.
          comfortMessage: { text: "Still working on it." },
          comfortEveryTurns: 6,
        });

  const greeting = new MessageParticipant("Greeting", {
    prompt: { text: "Thank you for calling the connect async demo." },
  });
  greeting.next(lookUp);

  const knobs = defaultKnobs(greeting);
  const start = Chain.start(new UpdateFlowLoggingBehavior("Enable flow logs", { enabled: true }))
    .next(new UpdateContactTextToSpeechVoice("Set voice", { voice: "Joanna", engine: "Neural" }))
    .next(knobs);

  return new Flow({
    name: props.name ?? "connect-async demo",
    description: "Looks up an account through a slow operation while keeping the caller company.",
    startWith: start,
    defaultErrorTarget: somethingWentWrong,
  });
}

/** Gives `demoDelayMs` a default when the contact does not carry a usable number. */
function defaultKnobs(then: Block): IChainable {
  const checkDelay = new Compare("Check demoDelayMs", { comparisonValue: "$.Attributes.demoDelayMs" });
  const defaultDelay = new UpdateContactAttributes("Default demoDelayMs", { attributes: { demoDelayMs: DEMO_DEFAULT_DELAY_MS } });
  checkDelay.when(Condition.numberGreaterOrEqualTo(0), then).otherwise(defaultDelay);
  defaultDelay.next(then);
  return checkDelay;
}

/** Transfers to `queueArn` when given, else says goodbye; a failed transfer hangs up. */
function handOverToPeople(queueArn: string | undefined, goodbye: Block): Block {
  const farewell = new MessageParticipant("Say goodbye", { prompt: { text: "Please call again later. Goodbye." } }).onError(goodbye);
  farewell.next(goodbye);
  if (queueArn === undefined) return farewell;
  const transfer = new TransferContactToQueue("Transfer to an agent").onQueueAtCapacity(farewell).onError(farewell);
  const setQueue = new UpdateContactTargetQueue("Set the agent queue", { queueId: queueArn }).onError(farewell);
  setQueue.next(transfer);
  return setQueue;
}
