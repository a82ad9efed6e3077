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
import type { FlowAction } from "../../flows/flow-json";
import { Channel } from "../../flows/flow-language";
import { TimelineKind, type TimelineEntry } from "../report/timeline";
import { ActionResult, ActionType, FlowErrorType } from "./action-type";
import { AsyncInvocations } from "./async-invocations";
import { connectWithLexBot, getParticipantInput } from "./input-actions";
import { updateContactAttributes, updateFlowAttributes } from "./attribute-actions";
import type { FlowContext, SystemData } from "./flow-context";
import { FlowRuntimeError, UnsupportedActionError } from "./flow-errors";
import { interpolate, isReference, resolveParameter, resolveReference, valueToText, type FlowData, type FlowDataValue } from "./flow-references";
import type { BlockVisit, FlowRunResult, InterpreterOptions, Step, TimelineEntryInput } from "./flow-run-types";
import { invokeLambda, loadLambdaResult } from "./lambda-actions";
import { loop } from "./loop-action";
import { loopPrompts, play } from "./prompt-actions";
import { byResult, errorBranch, next } from "./transitions";
import { wait } from "./wait-action";
import type { WaitInterrupt } from "./wait-interrupt";

/** Runs `options.flow` for one contact until a terminal action. */
export async function runFlow(options: InterpreterOptions): Promise<FlowRunResult> {
  return new FlowRun(options).run();
}

function parameterText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : String(value);
}

class FlowRun implements FlowContext {
  private readonly actions = new Map<string, FlowAction>();
  readonly callerId: string;
  origin = 0;
  readonly attributes: Record<string, string>;
  readonly flowAttributes: Record<string, string> = {};
  external: { [key: string]: FlowDataValue } = {};
  readonly system: SystemData;
  readonly loopCounters = new Map<string, number>();
  readonly lambdaTurns = new Map<string, number>();
  readonly inputOccurrences = new Map<string, number>();
  readonly timeline: TimelineEntry[] = [];
  private readonly path: BlockVisit[] = [];
  storedCustomerInput: string | undefined;
  lex: { [key: string]: FlowDataValue } = {};
  readonly asyncInvocations: AsyncInvocations;
  /** `$.LambdaInvocation.InvocationId`: the most recent asynchronous invocation's id. */
  lastInvocationId: string | undefined;
  /** Set while a Wait's Continue branch runs: what cuts it short. */
  interrupt: WaitInterrupt | undefined;
  private steps = 0;

  constructor(readonly options: InterpreterOptions) {
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
  enter(blockId: string): FlowAction {
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

  elapsed(): number {
    return this.options.clock.now() - this.origin;
  }

  /**
   * Lets up to `ms` of virtual time pass, less when a Wait's event cuts it short; returns the time that
   * passed.
   */
  async pass(ms: number): Promise<number> {
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

  record(entry: TimelineEntryInput): void {
    this.timeline.push({ ...entry, callerId: this.callerId } as TimelineEntry);
  }

  /** The flow data object `$.` references are resolved against. */
  data(): FlowData {
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

  text(value: unknown): string | undefined {
    const raw = parameterText(value);
    return raw === undefined ? undefined : valueToText(resolveParameter(raw, this.data()));
  }

  // ---------------------------------------------------------------------------------------------

  async execute(action: FlowAction): Promise<Step> {
    const p = action.Parameters;
    switch (action.Type) {
      case ActionType.MessageParticipant:
        return (await play(this, action)) ? next(action) : errorBranch(action, FlowErrorType.NoMatchingError, "the prompt has no message");
      case ActionType.MessageParticipantIteratively:
        return loopPrompts(this, action);
      case ActionType.GetParticipantInput:
        return getParticipantInput(this, action);
      case ActionType.ConnectParticipantWithLexBot:
        return connectWithLexBot(this, action);
      case ActionType.InvokeLambdaFunction:
        return invokeLambda(this, action);
      case ActionType.LoadLambdaFunctionResult:
        return loadLambdaResult(this, action);
      case ActionType.Compare: {
        const path = parameterText(p.ComparisonValue);
        if (path === undefined) return errorBranch(action, FlowErrorType.NoMatchingError, "Compare has no ComparisonValue");
        const value = isReference(path) ? valueToText(resolveReference(path, this.data())) : interpolate(path, this.data());
        return byResult(action, value, this.data());
      }
      case ActionType.Loop:
        return loop(this, action);
      case ActionType.UpdateFlowAttributes:
        return updateFlowAttributes(this, action);
      case ActionType.UpdateContactAttributes:
        return updateContactAttributes(this, action);
      case ActionType.CheckHoursOfOperation: {
        const open = (this.options.hoursOfOperation ?? (() => true))(this.text(p.HoursOfOperationId) ?? "");
        return byResult(action, open ? ActionResult.True : ActionResult.False, this.data());
      }
      case ActionType.DistributeByPercentage: {
        const draw = this.options.random?.() ?? 0;
        return byResult(action, String(1 + Math.floor(draw * 100)), this.data());
      }
      case ActionType.Wait:
        return wait(this, action);
      case ActionType.UpdateContactTargetQueue: {
        const queue = this.text(p.QueueId ?? p.AgentId);
        if (!queue) return errorBranch(action, FlowErrorType.NoMatchingError, "the working queue is empty");
        this.system.Queue = { ARN: queue, Name: queue.split("/").pop() ?? queue };
        return next(action);
      }
      case ActionType.UpdateContactTextToSpeechVoice: {
        const voice = this.text(p.TextToSpeechVoice);
        if (voice) this.system.TextToSpeechVoiceId = voice;
        return next(action);
      }
      case ActionType.UpdateContactData: {
        for (const key of ["LanguageCode", "Name", "Description", "CustomerId"] as const) {
          const value = this.text(p[key]);
          if (value !== undefined) this.system[key] = value;
        }
        return next(action);
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
        return next(action);
      case ActionType.DisconnectParticipant:
        return { terminal: { blockId: action.Identifier, type: action.Type, kind: "disconnect" } };
      case ActionType.EndFlowExecution:
      case ActionType.EndFlowModuleExecution:
        return { terminal: { blockId: action.Identifier, type: action.Type, kind: "end" } };
      case ActionType.TransferContactToAgent:
        return { terminal: { blockId: action.Identifier, type: action.Type, kind: "transfer", target: "agent" } };
      case ActionType.TransferContactToQueue: {
        const queue = this.system.Queue as { ARN?: string } | null;
        if (!queue?.ARN) return errorBranch(action, FlowErrorType.NoMatchingError, "no working queue is set");
        return { terminal: { blockId: action.Identifier, type: action.Type, kind: "transfer", target: `queue ${queue.ARN}` } };
      }
      case ActionType.DequeueContactAndTransferToQueue: {
        const target = this.text(p.QueueId ?? p.AgentId);
        if (!target) return errorBranch(action, FlowErrorType.NoMatchingError, "no queue or agent");
        return { terminal: { blockId: action.Identifier, type: action.Type, kind: "transfer", target: `queue ${target}` } };
      }
      case ActionType.TransferToFlow: {
        const target = this.text(p.ContactFlowId);
        if (!target) return errorBranch(action, FlowErrorType.NoMatchingError, "no ContactFlowId");
        return { terminal: { blockId: action.Identifier, type: action.Type, kind: "transfer", target: `flow ${target}` } };
      }
      default:
        throw new UnsupportedActionError(action.Type, action.Identifier);
    }
  }
}
