/**
 * The shapes a flow run takes in and gives out: the contact, the Lambda invocation Connect makes, the
 * caller's input, the run's options and its result.
 */
import type { FlowJson } from "../../flows/flow-json";
import type { Channel, LambdaInvocationType } from "../../flows/flow-language";
import type { SimClock } from "../world/clock";
import type { TimelineEntry } from "../report/timeline";
import type { FlowDataValue } from "./flow-references";
import type { PromptTimingOptions } from "./prompt-timing";

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

/** Where a block sends the run: the next block, or the end of the flow. */
export type Step = { readonly next: string } | { readonly terminal: FlowTerminal };

/** A timeline entry before the caller is stamped on it. */
export type TimelineEntryInput = TimelineEntry extends infer E ? (E extends TimelineEntry ? Omit<E, "callerId"> : never) : never;
