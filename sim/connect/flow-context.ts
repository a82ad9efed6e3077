/**
 * What the action families (prompts, input, Lambda, Wait, attributes, Loop) see of a running flow: the
 * contact's data, its timeline, virtual time and the way back into the run for a Wait's Continue branch.
 * The run (flow-run.ts) implements it; each family is a set of functions over it, in a file of its own.
 */
import type { FlowAction } from "../../flows/flow-json";
import type { TimelineEntry } from "../report/timeline";
import type { AsyncInvocations } from "./async-invocations";
import type { FlowData, FlowDataValue } from "./flow-references";
import type { InterpreterOptions, Step, TimelineEntryInput } from "./flow-run-types";
import type { WaitInterrupt } from "./wait-interrupt";

/** The contact's system fields (`$.Channel`, `$.Queue`, …), which some actions change. */
export type SystemData = { [key: string]: FlowDataValue };

/** One contact's run of a flow, as the action families use it. */
export interface FlowContext {
  readonly options: InterpreterOptions;
  readonly callerId: string;
  /** Epoch ms that timeline times are relative to. */
  readonly origin: number;
  readonly system: SystemData;
  readonly attributes: Record<string, string>;
  readonly flowAttributes: Record<string, string>;
  /** `$.External`: replaced by each Lambda call. */
  external: { [key: string]: FlowDataValue };
  readonly timeline: TimelineEntry[];
  readonly loopCounters: Map<string, number>;
  /** Lambda blocks run so far, by function ARN (retries excluded). */
  readonly lambdaTurns: Map<string, number>;
  readonly inputOccurrences: Map<string, number>;
  storedCustomerInput: string | undefined;
  lex: { [key: string]: FlowDataValue };
  readonly asyncInvocations: AsyncInvocations;
  /** `$.LambdaInvocation.InvocationId`: the most recent asynchronous invocation's id. */
  lastInvocationId: string | undefined;
  /** Set while a Wait's Continue branch runs: what cuts it short. */
  interrupt: WaitInterrupt | undefined;
  /** Virtual ms since the origin. */
  elapsed(): number;
  /** Lets up to `ms` of virtual time pass, less when a Wait's event cuts it short; returns the time that passed. */
  pass(ms: number): Promise<number>;
  record(entry: TimelineEntryInput): void;
  /** The flow data object `$.` references are resolved against. */
  data(): FlowData;
  /** A parameter's text with its `$.` references resolved. */
  text(value: unknown): string | undefined;
  /** Counts a block execution, records the visit, returns the action. */
  enter(blockId: string): FlowAction;
  /** Runs one block. */
  execute(action: FlowAction): Promise<Step>;
}
