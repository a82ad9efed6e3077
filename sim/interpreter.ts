/**
 * Runs a flow-language document (Version 2019-10-30) for one contact, the way Amazon Connect does, in
 * virtual time.
 *
 * Modelled: transitions (`NextAction`, ordered `Conditions`, `Errors` with `NoMatchingError` as the
 * catch-all and `NoMatchingCondition` when no condition holds), Loop counters per Identifier, flow and
 * contact attributes, `$.` references in text and parameters, Lambda invocation (time limit, Connect's
 * up-to-3 retries within it, STRING_MAP validation, the 32 KB limit, `$.External` replaced by each
 * call), prompts with their length (Loop prompts too), DTMF and Lex input supplied by the scenario, Wait, hours of
 * operation, percentage splits and the terminal actions. Any other action type stops the run with
 * {@link UnsupportedActionError}; a step limit stops infinite loops.
 *
 * Connect's asynchronous Lambda mode (reference §2.1.2, §6), in virtual time: an ASYNCHRONOUS invoke
 * starts the function in the background (same attempts and retries as a synchronous one, within its
 * limit of up to 60 s), sets `$.LambdaInvocation.InvocationId` and goes on at once; an event-based Wait
 * runs its Continue branch until the awaited invocation returns, cuts whatever is playing at that
 * instant and takes the event's branch (or `WaitCompleted` at its time limit; an unknown id waits to the
 * limit); LoadLambdaFunctionResult puts the returned response in `$.External`. Where Connect's behaviour
 * is undocumented, the simulator assumes (and says so here):
 * - a Continue branch that reaches a terminal action before the event ends the call there;
 * - an invocation that already returned when its Wait begins ends the Wait at once, with no Continue;
 * - a synchronous Lambda running inside a Continue branch is not cut: the event is taken when it returns;
 * - `MinimumWaitTimeSeconds` is not modelled (its meaning is undocumented).
 *
 * Channels: on any channel but VOICE a Text message is a chat message (instant), and an SSML or PromptId
 * message is recorded as a voice-only prompt that reached a non-voice contact (Connect supports only Text
 * there) and plays nothing.
 */
import type { FlowAction, FlowErrorTransition, FlowJson } from "../flows/flow-json";
import { Channel, LambdaInvocationType } from "../flows/flow-language";
import { ActionResult, ActionType, FlowErrorType } from "./action-type";
import { AsyncInvocations, type AsyncInvocation, type InvocationOutcome } from "./async-invocations";
import type { SimClock } from "./clock";
import { functionNameOf } from "./function-name";
import { firstMatchingCondition } from "./flow-conditions";
import { interpolate, isReference, resolveParameter, resolveReference, valueToText, type FlowData, type FlowDataValue } from "./flow-references";
import { promptSegments, type PromptSource, type PromptTimingOptions } from "./prompt-timing";
import { TimelineKind, type AsyncLambdaTimelineEntry, type TimelineEntry } from "./timeline";
import { WaitInterrupt, type WaitInterruptCause } from "./wait-interrupt";
import { MAX_ASYNC_LAMBDA_SECONDS, MAX_SYNC_LAMBDA_SECONDS } from "../flows/validation/lambda-rules";

/** The contact a flow runs for. */
export interface ContactInit {
  readonly contactId: string;
  /** User-defined contact attributes present when the flow starts. @default {} */
  readonly attributes?: { readonly [key: string]: string };
  /** @default "VOICE" */
  readonly channel?: Channel;
  /** The caller's number. @default "+15555550100" */
  readonly customerPhoneNumber?: string;
  /** The dialled number. @default "+15555550199" */
  readonly systemPhoneNumber?: string;
  /** @default "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-0000-0000-000000000000" */
  readonly instanceArn?: string;
  /** @default "us-east-1" */
  readonly awsRegion?: string;
  /** @default "INBOUND" */
  readonly initiationMethod?: string;
  /** @default "en-US" */
  readonly languageCode?: string;
}

/** The Connect event a Lambda receives (`Name: "ContactFlowEvent"`). */
export interface ContactFlowEvent {
  readonly Name: "ContactFlowEvent";
  readonly Details: {
    readonly ContactData: { readonly [key: string]: unknown };
    readonly Parameters: { readonly [key: string]: FlowDataValue };
  };
}

/** One invocation attempt Connect makes. */
export interface LambdaInvocationRequest {
  readonly functionArn: string;
  readonly event: ContactFlowEvent;
  readonly blockId: string;
  readonly callerId: string;
  /** 1-based count of Lambda blocks of this function run so far by this contact (retries excluded). */
  readonly turn: number;
  /** 1 for the first invocation, 2–4 for Connect's retries. */
  readonly attempt: number;
  /** SYNCHRONOUS, or ASYNCHRONOUS when the flow goes on without waiting. */
  readonly invocationType: LambdaInvocationType;
  /** The block's InvocationTimeLimitSeconds, in ms: Connect gives up on the invocation after it. */
  readonly timeLimitMs: number;
}

/** Invokes a Lambda; virtual time passes inside. Throwing means the invocation failed. */
export type LambdaInvoker = (request: LambdaInvocationRequest) => Promise<unknown>;

/** What the scenario's caller enters at an input block. */
export interface CallerInputRequest {
  readonly blockId: string;
  readonly callerId: string;
  readonly kind: "dtmf" | "lex";
  /** 1-based: how many times this block has asked. */
  readonly occurrence: number;
}

/** The caller's answer (digits, or a Lex intent name); undefined = the caller says nothing. */
export type CallerInput = (request: CallerInputRequest) => string | undefined;

/** Options of {@link runFlow}. */
export interface InterpreterOptions {
  readonly flow: FlowJson;
  readonly contact: ContactInit;
  readonly clock: SimClock;
  /** Name of this caller in the timeline. @default contact.contactId */
  readonly callerId?: string;
  /** Epoch ms that timeline times are relative to. @default clock.now() when the run starts */
  readonly originEpochMs?: number;
  /** How Lambda blocks reach code. @default every invocation fails */
  readonly invokeLambda?: LambdaInvoker;
  /** @default the caller never enters anything */
  readonly callerInput?: CallerInput;
  /** Uniform [0, 1) source for DistributeByPercentage. @default always 0 */
  readonly random?: () => number;
  /** Whether the hours of operation (by id, or "" for the queue's) are open. @default always open */
  readonly hoursOfOperation?: (hoursId: string) => boolean;
  readonly promptTiming?: PromptTimingOptions;
  /** Connect's retries of a failed invocation within the time limit. @default 3 */
  readonly lambdaRetries?: number;
  /** Block executions before the run is stopped as an infinite loop. @default 1000 */
  readonly maxSteps?: number;
  /** Called as each block starts, before it runs. */
  readonly onBlock?: (visit: BlockVisit) => void;
  /**
   * Receives work that outlives the block that started it (an asynchronous invocation), so the caller can
   * let it finish before tearing down what it uses. @default not tracked
   */
  readonly trackBackground?: (work: Promise<unknown>) => void;
}

/** One block execution. */
export interface BlockVisit {
  readonly blockId: string;
  readonly type: string;
  /** Virtual ms since the origin. */
  readonly atMs: number;
}

/** How the flow ended. */
export interface FlowTerminal {
  readonly blockId: string;
  readonly type: string;
  readonly kind: "disconnect" | "end" | "transfer";
  /** Queue, agent or flow for a transfer. */
  readonly target?: string;
}

/** Everything a run produced. */
export interface FlowRunResult {
  readonly callerId: string;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly terminal: FlowTerminal;
  readonly path: ReadonlyArray<BlockVisit>;
  readonly timeline: ReadonlyArray<TimelineEntry>;
  readonly attributes: { readonly [key: string]: string };
  readonly flowAttributes: { readonly [key: string]: string };
  readonly external: { readonly [key: string]: FlowDataValue };
}

/** The flow uses an action the simulator does not model. */
export class UnsupportedActionError extends Error {
  constructor(
    readonly actionType: string,
    readonly blockId: string,
  ) {
    super(`unsupported action ${actionType} at ${blockId}`);
    this.name = "UnsupportedActionError";
  }
}

/** The flow cannot continue as written (dangling target, missing branch, step limit). */
export class FlowRuntimeError extends Error {
  constructor(
    readonly blockId: string | undefined,
    message: string,
  ) {
    super(blockId === undefined ? message : `[${blockId}] ${message}`);
    this.name = "FlowRuntimeError";
  }
}

/** Connect's Lambda time limit when a block does not state one, and the synchronous maximum. */
const DEFAULT_LAMBDA_TIME_LIMIT_SECONDS = MAX_SYNC_LAMBDA_SECONDS;
/** The longest time limit of an asynchronous invocation (reference §2.1.1). */
const MAX_ASYNC_TIME_LIMIT_SECONDS = MAX_ASYNC_LAMBDA_SECONDS;
/** Lambda responses above this many UTF-8 bytes take the error branch. */
const MAX_LAMBDA_RESPONSE_BYTES = 32 * 1024;
/** Time the caller takes to key one digit, once they decide to answer. */
const DIGIT_ENTRY_MS = 600;
/** Time the caller takes to say something to a bot. */
const LEX_UTTERANCE_MS = 2000;
/** Default InputTimeLimitSeconds of an input block. */
const DEFAULT_INPUT_TIME_LIMIT_SECONDS = 5;

type Step = { readonly next: string } | { readonly terminal: FlowTerminal };

/** A timeline entry before the caller is stamped on it. */
type TimelineEntryInput = TimelineEntry extends infer E ? (E extends TimelineEntry ? Omit<E, "callerId"> : never) : never;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Runs `options.flow` for one contact until a terminal action. */
export async function runFlow(options: InterpreterOptions): Promise<FlowRunResult> {
  return new FlowRun(options).run();
}

function parameterText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : String(value);
}

class FlowRun {
  private readonly actions = new Map<string, FlowAction>();
  private readonly callerId: string;
  private origin = 0;
  private readonly attributes: Record<string, string>;
  private readonly flowAttributes: Record<string, string> = {};
  private external: { [key: string]: FlowDataValue } = {};
  private readonly system: Mutable<{ [key: string]: FlowDataValue }>;
  private readonly loopCounters = new Map<string, number>();
  private readonly lambdaTurns = new Map<string, number>();
  private readonly inputOccurrences = new Map<string, number>();
  private readonly timeline: TimelineEntry[] = [];
  private readonly path: BlockVisit[] = [];
  private storedCustomerInput: string | undefined;
  private lex: { [key: string]: FlowDataValue } = {};
  private readonly asyncInvocations: AsyncInvocations;
  /** `$.LambdaInvocation.InvocationId`: the most recent asynchronous invocation's id. */
  private lastInvocationId: string | undefined;
  /** Set while a Wait's Continue branch runs: what cuts it short. */
  private interrupt: WaitInterrupt | undefined;
  private steps = 0;

  constructor(private readonly options: InterpreterOptions) {
    for (const action of options.flow.Actions) this.actions.set(action.Identifier, action);
    const contact = options.contact;
    this.callerId = options.callerId ?? contact.contactId;
    this.attributes = { ...(contact.attributes ?? {}) };
    this.asyncInvocations = new AsyncInvocations(contact.contactId);
    this.system = {
      ContactId: contact.contactId,
      InitialContactId: contact.contactId,
      PreviousContactId: contact.contactId,
      Channel: contact.channel ?? Channel.VOICE,
      InitiationMethod: contact.initiationMethod ?? "INBOUND",
      InstanceARN: contact.instanceArn ?? "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-0000-0000-000000000000",
      AwsRegion: contact.awsRegion ?? "us-east-1",
      LanguageCode: contact.languageCode ?? "en-US",
      TextToSpeechVoiceId: "Joanna",
      Name: null,
      Description: null,
      CustomerEndpoint: { Address: contact.customerPhoneNumber ?? "+15555550100", Type: "TELEPHONE_NUMBER" },
      SystemEndpoint: { Address: contact.systemPhoneNumber ?? "+15555550199", Type: "TELEPHONE_NUMBER" },
      Queue: null,
    };
  }

  async run(): Promise<FlowRunResult> {
    const { flow, clock } = this.options;
    this.origin = this.options.originEpochMs ?? clock.now();
    const startedAtMs = this.elapsed();
    let blockId = flow.StartAction;
    for (;;) {
      const action = this.enter(blockId);
      const outcome = await this.execute(action);
      if ("terminal" in outcome) {
        const terminal = outcome.terminal;
        const kind = terminal.kind === "disconnect" ? TimelineKind.disconnect : terminal.kind === "end" ? TimelineKind.end : TimelineKind.transfer;
        this.record({ kind, atMs: this.elapsed(), durationMs: 0, blockId: terminal.blockId, text: terminal.target ?? terminal.type });
        return {
          callerId: this.callerId,
          startedAtMs,
          endedAtMs: this.elapsed(),
          terminal,
          path: this.path,
          timeline: this.timeline,
          attributes: { ...this.attributes },
          flowAttributes: { ...this.flowAttributes },
          external: { ...this.external },
        };
      }
      blockId = outcome.next;
    }
  }

  /** Counts a block execution (stopping a flow that loops forever), records the visit, returns the action. */
  private enter(blockId: string): FlowAction {
    // Generous: a long event-based wait turns a music loop many times, all of it real progress in time.
    const maxSteps = this.options.maxSteps ?? 5000;
    if (this.steps >= maxSteps) {
      throw new FlowRuntimeError(blockId, `stopped after ${maxSteps} block executions: the flow seems to loop forever`);
    }
    this.steps += 1;
    const action = this.actions.get(blockId);
    if (!action) throw new FlowRuntimeError(blockId, `no action has this Identifier (dangling transition)`);
    const visit: BlockVisit = { blockId, type: action.Type, atMs: this.elapsed() };
    this.path.push(visit);
    this.options.onBlock?.(visit);
    return action;
  }

  private elapsed(): number {
    return this.options.clock.now() - this.origin;
  }

  /**
   * Lets up to `ms` of virtual time pass, less when a Wait's event cuts it short; returns the time that
   * passed.
   */
  private async pass(ms: number): Promise<number> {
    const clock = this.options.clock;
    const startedAt = clock.now();
    const interrupt = this.interrupt;
    if (interrupt === undefined) {
      await clock.sleep(ms);
    } else if (interrupt.cause === undefined) {
      await Promise.race([clock.sleep(ms, interrupt.signal), interrupt.fired]);
    }
    return clock.now() - startedAt;
  }

  private record(entry: TimelineEntryInput): void {
    this.timeline.push({ ...entry, callerId: this.callerId } as TimelineEntry);
  }

  /** The flow data object `$.` references are resolved against. */
  private data(): FlowData {
    return {
      ...this.system,
      Attributes: this.attributes,
      FlowAttributes: this.flowAttributes,
      External: this.external,
      LambdaInvocation: { ResultData: this.external, InvocationId: this.lastInvocationId },
      StoredCustomerInput: this.storedCustomerInput,
      Lex: this.lex,
    };
  }

  private text(value: unknown): string | undefined {
    const raw = parameterText(value);
    return raw === undefined ? undefined : valueToText(resolveParameter(raw, this.data()));
  }

  // ---------------------------------------------------------------------------------------------
  // Transitions

  private next(action: FlowAction): Step {
    const next = action.Transitions.NextAction;
    if (next === undefined) throw new FlowRuntimeError(action.Identifier, `${action.Type} finished but has no NextAction`);
    return { next };
  }

  /** The error branch for `errorType`, falling back to NoMatchingError as Connect does. */
  private error(action: FlowAction, errorType: string, why: string): Step {
    const errors: ReadonlyArray<FlowErrorTransition> = action.Transitions.Errors ?? [];
    const branch = errors.find((error) => error.ErrorType === errorType) ?? errors.find((error) => error.ErrorType === FlowErrorType.NoMatchingError);
    if (!branch) throw new FlowRuntimeError(action.Identifier, `${why}, and the block has no ${errorType} or NoMatchingError branch`);
    return { next: branch.NextAction };
  }

  /** The first condition that holds for `result`; else NoMatchingCondition; else NextAction. */
  private byResult(action: FlowAction, result: string): Step {
    const match = firstMatchingCondition(action.Identifier, action.Transitions.Conditions ?? [], result, this.data());
    if (match) return { next: match.NextAction };
    const noMatch = (action.Transitions.Errors ?? []).find((error) => error.ErrorType === FlowErrorType.NoMatchingCondition);
    if (noMatch) return { next: noMatch.NextAction };
    if (action.Transitions.NextAction !== undefined) return { next: action.Transitions.NextAction };
    throw new FlowRuntimeError(action.Identifier, `no condition holds for result ${JSON.stringify(result)} and there is no NoMatchingCondition branch`);
  }

  // ---------------------------------------------------------------------------------------------
  // Actions

  private async execute(action: FlowAction): Promise<Step> {
    const p = action.Parameters;
    switch (action.Type) {
      case ActionType.MessageParticipant:
        return (await this.play(action)) ? this.next(action) : this.error(action, FlowErrorType.NoMatchingError, "the prompt has no message");
      case ActionType.MessageParticipantIteratively:
        return this.loopPrompts(action);
      case ActionType.GetParticipantInput:
        return this.getParticipantInput(action);
      case ActionType.ConnectParticipantWithLexBot:
        return this.connectWithLexBot(action);
      case ActionType.InvokeLambdaFunction:
        return this.invokeLambda(action);
      case ActionType.LoadLambdaFunctionResult:
        return this.loadLambdaResult(action);
      case ActionType.Compare: {
        const path = parameterText(p.ComparisonValue);
        if (path === undefined) return this.error(action, FlowErrorType.NoMatchingError, "Compare has no ComparisonValue");
        const value = isReference(path) ? valueToText(resolveReference(path, this.data())) : interpolate(path, this.data());
        return this.byResult(action, value);
      }
      case ActionType.Loop:
        return this.loop(action);
      case ActionType.UpdateFlowAttributes:
        return this.updateFlowAttributes(action);
      case ActionType.UpdateContactAttributes:
        return this.updateContactAttributes(action);
      case ActionType.CheckHoursOfOperation: {
        const open = (this.options.hoursOfOperation ?? (() => true))(this.text(p.HoursOfOperationId) ?? "");
        return this.byResult(action, open ? ActionResult.True : ActionResult.False);
      }
      case ActionType.DistributeByPercentage: {
        const draw = this.options.random?.() ?? 0;
        return this.byResult(action, String(1 + Math.floor(draw * 100)));
      }
      case ActionType.Wait:
        return this.wait(action);
      case ActionType.UpdateContactTargetQueue: {
        const queue = this.text(p.QueueId ?? p.AgentId);
        if (!queue) return this.error(action, FlowErrorType.NoMatchingError, "the working queue is empty");
        this.system.Queue = { ARN: queue, Name: queue.split("/").pop() ?? queue };
        return this.next(action);
      }
      case ActionType.UpdateContactTextToSpeechVoice: {
        const voice = this.text(p.TextToSpeechVoice);
        if (voice) this.system.TextToSpeechVoiceId = voice;
        return this.next(action);
      }
      case ActionType.UpdateContactData: {
        for (const key of ["LanguageCode", "Name", "Description", "CustomerId"] as const) {
          const value = this.text(p[key]);
          if (value !== undefined) this.system[key] = value;
        }
        return this.next(action);
      }
      case ActionType.UpdateFlowLoggingBehavior:
      case ActionType.UpdateContactRecordingBehavior:
      case ActionType.UpdateContactRecordingAndAnalyticsBehavior:
      case ActionType.UpdateContactEventHooks:
      case ActionType.UpdateContactRoutingBehavior:
      case ActionType.UpdateContactMediaStreamingBehavior:
      case ActionType.StartVoiceIdStream:
      case ActionType.TagContact:
      case ActionType.UntagContact:
        // Settings with no effect on what the caller hears or where the flow goes.
        return this.next(action);
      case ActionType.DisconnectParticipant:
        return { terminal: { blockId: action.Identifier, type: action.Type, kind: "disconnect" } };
      case ActionType.EndFlowExecution:
      case ActionType.EndFlowModuleExecution:
        return { terminal: { blockId: action.Identifier, type: action.Type, kind: "end" } };
      case ActionType.TransferContactToAgent:
        return { terminal: { blockId: action.Identifier, type: action.Type, kind: "transfer", target: "agent" } };
      case ActionType.TransferContactToQueue: {
        const queue = this.system.Queue as { ARN?: string } | null;
        if (!queue?.ARN) return this.error(action, FlowErrorType.NoMatchingError, "no working queue is set");
        return { terminal: { blockId: action.Identifier, type: action.Type, kind: "transfer", target: `queue ${queue.ARN}` } };
      }
      case ActionType.DequeueContactAndTransferToQueue: {
        const target = this.text(p.QueueId ?? p.AgentId);
        if (!target) return this.error(action, FlowErrorType.NoMatchingError, "no queue or agent");
        return { terminal: { blockId: action.Identifier, type: action.Type, kind: "transfer", target: `queue ${target}` } };
      }
      case ActionType.TransferToFlow: {
        const target = this.text(p.ContactFlowId);
        if (!target) return this.error(action, FlowErrorType.NoMatchingError, "no ContactFlowId");
        return { terminal: { blockId: action.Identifier, type: action.Type, kind: "transfer", target: `flow ${target}` } };
      }
      default:
        throw new UnsupportedActionError(action.Type, action.Identifier);
    }
  }

  /** The message source of a prompt-carrying action, resolved; undefined when there is none. */
  private promptSource(parameters: FlowAction["Parameters"]): PromptSource | undefined {
    const text = this.text(parameters.Text);
    if (text !== undefined) return { kind: "text", value: text };
    const ssml = this.text(parameters.SSML);
    if (ssml !== undefined) return { kind: "ssml", value: ssml };
    const promptId = this.text(parameters.PromptId);
    if (promptId !== undefined) return { kind: "audio", value: promptId };
    const media = parameters.Media as { Uri?: unknown } | undefined;
    const uri = media && typeof media === "object" ? this.text(media.Uri) : undefined;
    if (uri !== undefined) return { kind: "audio", value: uri };
    return undefined;
  }

  /**
   * Plays the action's prompt, if any; false when there is none. On a non-voice contact a message is
   * sent instead: Text as a chat message, SSML or a recording as a voice-only prompt that plays nothing.
   */
  private async play(action: FlowAction): Promise<boolean> {
    const source = this.promptSource(action.Parameters);
    if (!source) return false;
    if (this.system.Channel !== Channel.VOICE) {
      const kind = source.kind === "text" ? TimelineKind.message : TimelineKind.voiceOnlyPrompt;
      this.record({ kind, atMs: this.elapsed(), durationMs: 0, blockId: action.Identifier, text: source.value });
      return true;
    }
    await this.playSegments(action.Identifier, source, Infinity);
    return true;
  }

  /**
   * Plays a voice prompt's segments until `untilEpochMs` or a Wait's event, whichever comes first, and
   * records what was heard (a cut segment with its planned length); false when it was cut short.
   */
  private async playSegments(blockId: string, source: PromptSource, untilEpochMs: number): Promise<boolean> {
    for (const segment of promptSegments(source, this.options.promptTiming)) {
      if (this.interrupt?.cause !== undefined || this.options.clock.now() >= untilEpochMs) return false;
      const atMs = this.elapsed();
      const playedMs = await this.pass(Math.min(segment.durationMs, untilEpochMs - this.options.clock.now()));
      const cut = playedMs < segment.durationMs ? { plannedDurationMs: segment.durationMs } : {};
      // A segment cut at the instant it began was never heard: leave it out rather than show a 0 ms prompt.
      if (playedMs === 0 && segment.durationMs > 0) return false;
      this.record({ kind: segment.kind, atMs, durationMs: playedMs, blockId, text: segment.text, ...cut });
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
  private async loopPrompts(action: FlowAction): Promise<Step> {
    const messages = action.Parameters.Messages;
    if (!Array.isArray(messages) || messages.length === 0) return this.error(action, FlowErrorType.NoMatchingError, "Loop prompts has no Messages");
    if (this.system.Channel !== Channel.VOICE) return this.error(action, FlowErrorType.NoMatchingError, "Loop prompts takes its error branch on a non-voice contact");
    const sources = messages.map((message) => this.promptSource(message as FlowAction["Parameters"])).filter((source): source is PromptSource => source !== undefined);
    const seconds = Number(this.text(action.Parameters.InterruptFrequencySeconds));
    const untilEpochMs = Number.isFinite(seconds) && seconds > 0 ? this.options.clock.now() + seconds * 1000 : Infinity;
    const endless = untilEpochMs === Infinity && this.interrupt === undefined;
    for (;;) {
      const turnStartedAt = this.options.clock.now();
      for (const source of sources) {
        if (!(await this.playSegments(action.Identifier, source, untilEpochMs))) {
          // Cut by the Wait's event (the caller of this branch takes over), or by the interrupt period.
          return this.interrupt?.cause !== undefined ? { next: action.Identifier } : this.byResult(action, ActionResult.MessagesInterrupted);
        }
      }
      if (endless) return { terminal: { blockId: action.Identifier, type: action.Type, kind: "end", target: "in queue: Loop prompts plays until an agent answers (no agent is simulated)" } };
      if (this.options.clock.now() === turnStartedAt) throw new FlowRuntimeError(action.Identifier, "Loop prompts has no message that takes time, so it would loop forever");
    }
  }

  private async silentWait(blockId: string, durationMs: number, text: string): Promise<void> {
    const atMs = this.elapsed();
    const waitedMs = await this.pass(durationMs);
    const cut = waitedMs < durationMs ? { plannedDurationMs: durationMs } : {};
    this.record({ kind: TimelineKind.wait, atMs, durationMs: waitedMs, blockId, text, ...cut });
  }

  private nextOccurrence(blockId: string): number {
    const occurrence = (this.inputOccurrences.get(blockId) ?? 0) + 1;
    this.inputOccurrences.set(blockId, occurrence);
    return occurrence;
  }

  private async getParticipantInput(action: FlowAction): Promise<Step> {
    const p = action.Parameters;
    await this.play(action);
    const occurrence = this.nextOccurrence(action.Identifier);
    const input = this.options.callerInput?.({ blockId: action.Identifier, callerId: this.callerId, kind: "dtmf", occurrence });
    if (input === undefined || input === "") {
      const seconds = Number(this.text(p.InputTimeLimitSeconds) ?? DEFAULT_INPUT_TIME_LIMIT_SECONDS);
      await this.silentWait(action.Identifier, (Number.isFinite(seconds) ? seconds : DEFAULT_INPUT_TIME_LIMIT_SECONDS) * 1000, "waiting for input (none)");
      return this.error(action, FlowErrorType.InputTimeLimitExceeded, "the caller entered nothing");
    }
    await this.silentWait(action.Identifier, input.length * DIGIT_ENTRY_MS, `caller keys ${input}`);
    if (String(p.StoreInput ?? "False").toLowerCase() === "true") {
      this.storedCustomerInput = input;
      return this.next(action);
    }
    return this.byResult(action, input);
  }

  private async connectWithLexBot(action: FlowAction): Promise<Step> {
    await this.play(action);
    const occurrence = this.nextOccurrence(action.Identifier);
    const intent = this.options.callerInput?.({ blockId: action.Identifier, callerId: this.callerId, kind: "lex", occurrence });
    if (intent === undefined || intent === "") {
      const seconds = Number(this.text(action.Parameters.LexTimeoutSeconds) ?? DEFAULT_INPUT_TIME_LIMIT_SECONDS);
      await this.silentWait(action.Identifier, (Number.isFinite(seconds) ? seconds : DEFAULT_INPUT_TIME_LIMIT_SECONDS) * 1000, "waiting for the caller to speak (silence)");
      return this.error(action, FlowErrorType.InputTimeLimitExceeded, "the caller said nothing");
    }
    await this.silentWait(action.Identifier, LEX_UTTERANCE_MS, `caller says something matching ${intent}`);
    this.lex = { IntentName: intent, Slots: {}, SessionAttributes: {} };
    return this.byResult(action, intent);
  }

  private loop(action: FlowAction): Step {
    const raw = this.text(action.Parameters.LoopCount);
    const count = raw === undefined ? NaN : Number(raw);
    if (!Number.isInteger(count) || count < 0 || count > 100) {
      return this.error(action, FlowErrorType.NoMatchingError, `LoopCount ${JSON.stringify(raw)} is not an integer in 0–100`);
    }
    const done = this.loopCounters.get(action.Identifier) ?? 0;
    if (done < count) {
      this.loopCounters.set(action.Identifier, done + 1);
      return this.byResult(action, ActionResult.ContinueLooping);
    }
    this.loopCounters.delete(action.Identifier);
    return this.byResult(action, ActionResult.DoneLooping);
  }

  private updateFlowAttributes(action: FlowAction): Step {
    const entries = action.Parameters.FlowAttributes;
    if (!entries || typeof entries !== "object" || Array.isArray(entries)) {
      return this.error(action, FlowErrorType.NoMatchingError, "FlowAttributes is not a map");
    }
    const updates: Record<string, string> = {};
    for (const [name, entry] of Object.entries(entries)) {
      const value = entry !== null && typeof entry === "object" && !Array.isArray(entry) ? entry.Value : entry;
      updates[name] = this.text(value) ?? "";
    }
    Object.assign(this.flowAttributes, updates); // atomic: all or none
    return this.next(action);
  }

  private updateContactAttributes(action: FlowAction): Step {
    const entries = action.Parameters.Attributes;
    if (!entries || typeof entries !== "object" || Array.isArray(entries)) {
      return this.error(action, FlowErrorType.NoMatchingError, "Attributes is not a map");
    }
    if (String(action.Parameters.TargetContact ?? "Current") !== "Current") return this.next(action); // the related contact is not modelled
    const updates: Record<string, string> = {};
    for (const [key, value] of Object.entries(entries)) updates[this.text(key) ?? key] = this.text(value) ?? "";
    const size = Buffer.byteLength(JSON.stringify({ ...this.attributes, ...updates }), "utf8");
    if (size > 32_768) return this.error(action, FlowErrorType.NoMatchingError, "contact attributes exceed 32 KB");
    Object.assign(this.attributes, updates);
    return this.next(action);
  }

  // ---------------------------------------------------------------------------------------------
  // Lambda

  private lambdaEvent(parameters: { [key: string]: FlowDataValue }): ContactFlowEvent {
    const system = this.system;
    return {
      Name: "ContactFlowEvent",
      Details: {
        ContactData: {
          Attributes: { ...this.attributes },
          Channel: system.Channel,
          ContactId: system.ContactId,
          CustomerEndpoint: system.CustomerEndpoint,
          CustomerId: system.CustomerId ?? null,
          Description: system.Description,
          InitialContactId: system.InitialContactId,
          InitiationMethod: system.InitiationMethod,
          InstanceARN: system.InstanceARN,
          LanguageCode: system.LanguageCode,
          MediaStreams: { Customer: { Audio: null } },
          Name: system.Name,
          PreviousContactId: system.PreviousContactId,
          Queue: system.Queue,
          References: {},
          SystemEndpoint: system.SystemEndpoint,
        },
        Parameters: parameters,
      },
    };
  }

  private async invokeLambda(action: FlowAction): Promise<Step> {
    const p = action.Parameters;
    const invocationType = String(p.InvocationType ?? LambdaInvocationType.SYNCHRONOUS).toUpperCase();
    if (invocationType !== LambdaInvocationType.SYNCHRONOUS && invocationType !== LambdaInvocationType.ASYNCHRONOUS) {
      throw new FlowRuntimeError(action.Identifier, `InvocationType ${JSON.stringify(p.InvocationType)} is neither SYNCHRONOUS nor ASYNCHRONOUS`);
    }
    const asynchronous = invocationType === LambdaInvocationType.ASYNCHRONOUS;
    const arn = this.text(p.LambdaFunctionARN);
    if (!arn) return this.error(action, FlowErrorType.NoMatchingError, "no LambdaFunctionARN");
    const limitSeconds = Number(this.text(p.InvocationTimeLimitSeconds) ?? DEFAULT_LAMBDA_TIME_LIMIT_SECONDS);
    if (asynchronous && limitSeconds > MAX_ASYNC_TIME_LIMIT_SECONDS) {
      throw new FlowRuntimeError(action.Identifier, `InvocationTimeLimitSeconds ${limitSeconds} is over the ${MAX_ASYNC_TIME_LIMIT_SECONDS} s Connect allows an asynchronous invocation; lower it`);
    }
    const limitMs = (Number.isFinite(limitSeconds) && limitSeconds > 0 ? limitSeconds : DEFAULT_LAMBDA_TIME_LIMIT_SECONDS) * 1000;
    const responseType = String((p.ResponseValidation as { ResponseType?: string } | undefined)?.ResponseType ?? "STRING_MAP");
    const rawAttributes = p.LambdaInvocationAttributes;
    const parameters = (rawAttributes && typeof rawAttributes === "object" && !Array.isArray(rawAttributes) ? resolveParameter(rawAttributes, this.data()) : {}) as {
      [key: string]: FlowDataValue;
    };
    const turn = (this.lambdaTurns.get(arn) ?? 0) + 1;
    this.lambdaTurns.set(arn, turn);
    const request: Omit<LambdaInvocationRequest, "attempt"> = {
      functionArn: arn,
      event: this.lambdaEvent(parameters),
      blockId: action.Identifier,
      callerId: this.callerId,
      turn,
      invocationType,
      timeLimitMs: limitMs,
    };
    if (asynchronous) return this.invokeAsynchronously(action, request, responseType);

    const startedAt = this.options.clock.now();
    const outcome = await this.attempt(request, responseType);
    this.record({
      kind: TimelineKind.lambda,
      atMs: startedAt - this.origin,
      durationMs: this.options.clock.now() - startedAt,
      blockId: action.Identifier,
      text: functionNameOf(arn),
      functionName: functionNameOf(arn),
      attempts: outcome.attempts,
      result: outcome.result,
    });
    if (outcome.result !== "ok") {
      this.external = {};
      return this.error(action, FlowErrorType.NoMatchingError, `the Lambda ${functionNameOf(arn)} failed (${outcome.result})`);
    }
    this.external = { ...outcome.response };
    return this.next(action);
  }

  /**
   * Connect's attempts at one invocation: the first, then up to `lambdaRetries` more after failures, all
   * within the block's time limit; the answer must pass the block's response validation.
   */
  private async attempt(request: Omit<LambdaInvocationRequest, "attempt">, responseType: string): Promise<InvocationOutcome> {
    const clock = this.options.clock;
    const deadline = clock.now() + request.timeLimitMs;
    const maxAttempts = 1 + (this.options.lambdaRetries ?? 3);
    let attempts = 0;
    let result: InvocationOutcome["result"] = "error";
    let response: unknown;
    while (attempts < maxAttempts && clock.now() < deadline) {
      attempts += 1;
      const invocation = this.options.invokeLambda
        ? this.options.invokeLambda({ ...request, attempt: attempts })
        : Promise.reject(new Error(`no Lambda is wired for ${request.functionArn}`));
      // The limit's timer goes as soon as the attempt ends, so it cannot move virtual time later on.
      const limit = new AbortController();
      const outcome = await Promise.race([
        invocation.then(
          (value) => ({ kind: "ok" as const, value }),
          (error: unknown) => ({ kind: "error" as const, error }),
        ),
        clock.sleep(deadline - clock.now(), limit.signal).then(() => ({ kind: "timeout" as const })),
      ]);
      limit.abort();
      if (outcome.kind === "timeout") {
        result = "timeout";
        break;
      }
      if (outcome.kind === "ok") {
        result = "ok";
        response = outcome.value;
        break;
      }
    }
    if (result === "ok" && validateLambdaResponse(response, responseType) !== undefined) result = "invalid-response";
    return result === "ok" ? { result, attempts, response: response as { [key: string]: FlowDataValue } } : { result, attempts };
  }

  /** Starts the invocation in the background, sets `$.LambdaInvocation.InvocationId`, and goes on at once. */
  private invokeAsynchronously(action: FlowAction, request: Omit<LambdaInvocationRequest, "attempt">, responseType: string): Step {
    const clock = this.options.clock;
    const functionName = functionNameOf(request.functionArn);
    const id = this.asyncInvocations.nextId();
    const startedAt = clock.now();
    // Updated in place when the invocation returns, so the timeline shows its whole run.
    const entry: { -readonly [K in keyof AsyncLambdaTimelineEntry]: AsyncLambdaTimelineEntry[K] } = {
      kind: TimelineKind.asyncLambda,
      callerId: this.callerId,
      atMs: startedAt - this.origin,
      durationMs: 0,
      blockId: action.Identifier,
      text: functionName,
      functionName,
      invocationId: id,
      attempts: 0,
      result: "running",
    };
    this.timeline.push(entry);
    const invocation: AsyncInvocation = {
      id,
      functionName,
      startedAt,
      returned: this.attempt(request, responseType).then((outcome) => {
        invocation.outcome = outcome;
        Object.assign(entry, { durationMs: clock.now() - startedAt, attempts: outcome.attempts, result: outcome.result });
      }),
    };
    this.options.trackBackground?.(invocation.returned);
    this.asyncInvocations.add(invocation);
    this.lastInvocationId = id;
    return this.next(action);
  }

  /** Load Lambda result: `$.External` becomes the returned invocation's response. */
  private loadLambdaResult(action: FlowAction): Step {
    const id = this.text(action.Parameters.LambdaInvocationId) ?? "";
    const invocation = this.asyncInvocations.get(id);
    if (invocation === undefined) {
      this.external = {};
      return this.error(action, FlowErrorType.NoMatchingError, `no asynchronous invocation has the id ${JSON.stringify(id)}`);
    }
    if (invocation.outcome === undefined) {
      return this.error(action, FlowErrorType.InProgress, `the invocation of ${invocation.functionName} has not returned yet`);
    }
    if (invocation.outcome.result !== "ok") {
      this.external = {};
      return this.error(action, FlowErrorType.NoMatchingError, `the invocation of ${invocation.functionName} failed (${invocation.outcome.result})`);
    }
    this.external = { ...invocation.outcome.response };
    return this.next(action);
  }

  // ---------------------------------------------------------------------------------------------
  // Wait

  /** The invocation ids a Wait's InterruptibleEvents wait for, by branch name. */
  private lambdaEvents(action: FlowAction): Array<{ readonly branch: string; readonly invocationId: string }> {
    const events = action.Parameters.InterruptibleEvents;
    if (events === undefined || events === null) return [];
    if (typeof events !== "object" || Array.isArray(events)) throw new FlowRuntimeError(action.Identifier, "InterruptibleEvents is not a map of branch names to events");
    return Object.entries(events).map(([branch, event]) => {
      const identifier = (event as { AsyncLambdaCompletionEvent?: { Identifier?: unknown } } | null)?.AsyncLambdaCompletionEvent?.Identifier;
      if (identifier === undefined) {
        throw new FlowRuntimeError(action.Identifier, `the event ${JSON.stringify(branch)} is not an AsyncLambdaCompletionEvent, the only event the simulator models`);
      }
      return { branch, invocationId: this.text(identifier) ?? "" };
    });
  }

  private async wait(action: FlowAction): Promise<Step> {
    const p = action.Parameters;
    const seconds = Number(this.text(p.TimeLimitSeconds ?? p.TimeoutSeconds));
    if (!Number.isFinite(seconds) || seconds <= 0) return this.error(action, FlowErrorType.NoMatchingError, "Wait has no valid TimeLimitSeconds");
    if (this.interrupt !== undefined) {
      throw new FlowRuntimeError(action.Identifier, "a Wait inside another Wait's Continue branch: Connect refuses it (Unsupported Action In Wait Action's Continue Branch); end the Continue branch with prompts or a Loop instead");
    }
    const events = this.lambdaEvents(action);
    const keepRunning = String(this.text(p.ContinueExecution) ?? "").toUpperCase() === "TRUE";
    if (events.length === 0 && !keepRunning) {
      await this.silentWait(action.Identifier, seconds * 1000, `Wait ${seconds} s`);
      return this.byResult(action, ActionResult.WaitCompleted);
    }

    const interrupt = new WaitInterrupt();
    const invocations = events.map((event) => ({ event, invocation: this.asyncInvocations.get(event.invocationId) }));
    const returned = invocations.find(({ invocation }) => invocation?.outcome !== undefined);
    if (returned !== undefined) {
      interrupt.fire({ kind: "event", branch: returned.event.branch, invocationId: returned.event.invocationId });
    } else {
      // A wrong id never returns: the Wait runs to its limit, as Connect's does.
      for (const { event, invocation } of invocations) {
        void invocation?.returned.then(() => interrupt.fire({ kind: "event", branch: event.branch, invocationId: event.invocationId }));
      }
      void this.options.clock.sleep(seconds * 1000, interrupt.signal).then(() => interrupt.fire({ kind: "timeout" }));
      if (keepRunning) {
        const terminal = await this.runContinueBranch(action, interrupt);
        if (terminal !== undefined) {
          interrupt.fire({ kind: "timeout" }); // nothing is waiting any more: clear the limit's timer
          return { terminal };
        }
      } else {
        this.interrupt = interrupt;
        try {
          await this.silentWait(action.Identifier, seconds * 1000, `Wait for ${events.map((event) => event.branch).join(", ")} (${seconds} s)`);
        } finally {
          this.interrupt = undefined;
        }
      }
    }
    const cause: WaitInterruptCause = await interrupt.fired;
    this.record({
      kind: TimelineKind.waitEvent,
      atMs: this.elapsed(),
      durationMs: 0,
      blockId: action.Identifier,
      text: cause.kind === "event" ? `${cause.branch}: the Lambda returned` : `WaitCompleted: ${seconds} s passed`,
    });
    return this.byResult(action, cause.kind === "event" ? cause.branch : ActionResult.WaitCompleted);
  }

  /**
   * Runs the Wait's Continue branch until `interrupt` fires; returns the terminal action when the branch
   * reaches one first (the call ends there: an assumption, Connect does not document it).
   */
  private async runContinueBranch(action: FlowAction, interrupt: WaitInterrupt): Promise<FlowTerminal | undefined> {
    const start = (action.Transitions.Conditions ?? []).find(
      (condition) => condition.Condition.Operator === "Equals" && condition.Condition.Operands[0] === ActionResult.Continue,
    )?.NextAction;
    if (start === undefined) {
      throw new FlowRuntimeError(action.Identifier, `ContinueExecution is TRUE but no condition Equals "${ActionResult.Continue}" names the Continue branch; add it`);
    }
    this.interrupt = interrupt;
    try {
      let blockId = start;
      while (interrupt.cause === undefined) {
        const outcome = await this.execute(this.enter(blockId));
        if (interrupt.cause !== undefined) break;
        if ("terminal" in outcome) return outcome.terminal;
        blockId = outcome.next;
      }
      return undefined;
    } finally {
      this.interrupt = undefined;
    }
  }
}

/** Why Connect would reject a Lambda's response, or undefined when it accepts it. */
export function validateLambdaResponse(response: unknown, responseType: string): string | undefined {
  if (response === null || typeof response !== "object" || Array.isArray(response)) return "the response is not an object";
  if (Buffer.byteLength(JSON.stringify(response), "utf8") > MAX_LAMBDA_RESPONSE_BYTES) return "the response exceeds 32 KB";
  if (responseType === "STRING_MAP") {
    const bad = Object.entries(response).find(([, value]) => typeof value !== "string");
    if (bad) return `STRING_MAP value of ${bad[0]} is ${typeof bad[1]}, not a string`;
  }
  return undefined;
}
