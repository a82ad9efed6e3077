/**
 * Turns the simulation's raw parts (each caller's run and state, the executions, the backend's attempts,
 * the counters) into the {@link SimulationResult}: each caller's outcome and figures, one timeline.
 */
import type { Channel } from "../../flows/flow-language";
import type { BackendAttempt } from "../aws/simulated-backend";
import type { LambdaAccount } from "../aws/lambda-account";
import type { TableCounters } from "../aws/simulated-dynamodb";
import type { TokenBucket } from "../aws/token-bucket";
import type { FlowRunResult } from "../connect/flow-run-types";
import type { CallerState } from "../world/caller-state";
import type { VirtualScheduler } from "../world/clock";
import type { Scenario } from "../world/scenario";
import type { CallerOutcome, CallerReport, ExecutionReport, LambdaPressure, SimulationResult } from "./simulation-result";
import { silences, soundKinds, TimelineKind, type TimelineEntry } from "./timeline";

/** Everything {@link buildResult} puts together. */
export interface ResultParts {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly channel: Channel;
  readonly operations: SimulationResult["operations"];
  readonly startEpochMs: number;
  readonly clock: VirtualScheduler;
  readonly results: ReadonlyArray<FlowRunResult>;
  readonly states: ReadonlyMap<string, CallerState>;
  readonly executions: ReadonlyArray<ExecutionReport>;
  readonly attempts: ReadonlyArray<BackendAttempt>;
  readonly invocations: ReadonlyMap<string, number>;
  readonly counters: TableCounters;
  readonly handlerProblems: SimulationResult["handlerProblems"];
  readonly metrics: SimulationResult["metrics"];
  readonly account: LambdaAccount;
  readonly startQuota: TokenBucket;
  readonly notes: ReadonlyArray<string>;
}

function backendEntries(attempts: ReadonlyArray<BackendAttempt>, startEpochMs: number): TimelineEntry[] {
  return attempts.map((attempt) => ({
    kind: TimelineKind.backend,
    callerId: "backend",
    atMs: attempt.startedAt - startEpochMs,
    durationMs: attempt.endedAt - attempt.startedAt,
    blockId: attempt.executionName,
    text: `attempt ${attempt.attempt}: ${attempt.result}`,
    result: attempt.result,
  }));
}

/**
 * Order of entries at one instant: a Wait's event (what caused the outcome) first, then the outcome,
 * then what the outcome branch does; the rest keep the order they happened in.
 */
function sameInstantRank(entry: TimelineEntry): number {
  return entry.kind === TimelineKind.waitEvent ? -2 : entry.kind === TimelineKind.outcome ? -1 : 0;
}

export function buildResult(parts: ResultParts): SimulationResult {
  const { startEpochMs, executions } = parts;
  // By request, in start order: a crowd has as many executions as callers, so no scan per caller.
  const executionsByRequest = new Map<string, ExecutionReport[]>();
  for (const execution of executions) {
    const list = executionsByRequest.get(execution.requestId);
    if (list === undefined) executionsByRequest.set(execution.requestId, [execution]);
    else list.push(execution);
  }
  const callers = parts.results.map((result): CallerReport => {
    const state = parts.states.get(result.callerId)!;
    const terminalEntry = result.timeline[result.timeline.length - 1];
    const outcome: CallerOutcome = state.outcome ?? { kind: result.terminal.kind, blockId: result.terminal.blockId, atMs: terminalEntry?.atMs ?? result.endedAtMs };
    const timeline: TimelineEntry[] = [...result.timeline];
    if (state.outcome) {
      timeline.push({ kind: TimelineKind.outcome, callerId: result.callerId, atMs: outcome.atMs, durationMs: 0, blockId: outcome.blockId, text: outcome.kind });
    }
    timeline.sort((a, b) => a.atMs - b.atMs || sameInstantRank(a) - sameInstantRank(b));
    // One meaning of silence for both figures (figure-definitions.ts): an SSML pause is silence.
    const quiet = silences(timeline, result.startedAtMs, outcome.atMs, soundKinds(parts.channel));
    const count = (kind: TimelineKind): number => timeline.filter((entry) => entry.kind === kind).length;
    const requestId = state.outcomeRequestId ?? state.requestId;
    const served = (requestId === undefined ? [] : (executionsByRequest.get(requestId) ?? [])).filter((execution) => execution.backendDoneAtMs !== undefined);
    const doneAt = served.filter((execution) => execution.backendDoneAtMs! <= outcome.atMs).pop()?.backendDoneAtMs;
    return {
      callerId: result.callerId,
      contactId: state.plan.contactId,
      channel: parts.channel,
      startedAtMs: result.startedAtMs,
      endedAtMs: result.endedAtMs,
      terminal: result.terminal,
      outcome,
      timeToOutcomeMs: outcome.atMs - result.startedAtMs,
      resultDeliveryLagMs: doneAt !== undefined && doneAt >= result.startedAtMs ? outcome.atMs - doneAt : null,
      longestSilenceMs: Math.max(0, ...quiet.map((gap) => gap.durationMs)),
      silenceBeyondLambdaMs: Math.max(0, ...quiet.map((gap) => gap.beyondLambdaMs)),
      chatMessages: count(TimelineKind.message) + count(TimelineKind.voiceOnlyPrompt),
      voiceOnlyPromptsOnChat: count(TimelineKind.voiceOnlyPrompt),
      requestId: state.requestId,
      lastStatus: state.lastStatus,
      lastErrorCode: state.lastErrorCode,
      path: result.path.map((visit) => visit.blockId),
      timeline,
    };
  });
  const bySource: { [source: string]: { reads: number; writes: number } } = {};
  for (const source of new Set([...parts.counters.reads.keys(), ...parts.counters.writes.keys()])) {
    bySource[source] = { reads: parts.counters.reads.get(source) ?? 0, writes: parts.counters.writes.get(source) ?? 0 };
  }
  const backendTimeline = backendEntries(parts.attempts, startEpochMs);
  const timeline = [...callers.flatMap((caller) => caller.timeline), ...backendTimeline].sort((a, b) => a.atMs - b.atMs);
  return {
    scenario: parts.scenario,
    seed: parts.seed,
    channel: parts.channel,
    operations: parts.operations,
    startEpochMs,
    callers,
    executions,
    backendAttempts: parts.attempts.map((attempt) => ({
      executionName: attempt.executionName,
      attempt: attempt.attempt,
      atMs: attempt.startedAt - startEpochMs,
      durationMs: attempt.endedAt - attempt.startedAt,
      result: attempt.result,
    })),
    invocations: Object.fromEntries([...parts.invocations.entries()].sort(([a], [b]) => a.localeCompare(b))),
    table: { reads: parts.counters.totalReads, readRequestUnits: parts.counters.readRequestUnits, writes: parts.counters.totalWrites, conditionFailures: parts.counters.conditionFailures, refused: parts.counters.refused, bySource },
    lambda: { peakConcurrency: parts.account.peakConcurrency() as LambdaPressure["peakConcurrency"], throttles: parts.account.throttles() },
    stepFunctions: { starts: parts.startQuota.granted + parts.startQuota.throttled, startsThrottled: parts.startQuota.throttled },
    dynamodb: { reads: parts.counters.totalReads, readRequestUnits: parts.counters.readRequestUnits, writes: parts.counters.totalWrites, throttled: parts.counters.throttled },
    timeline,
    handlerProblems: parts.handlerProblems,
    metrics: parts.metrics,
    notes: parts.notes,
    virtualDurationMs: parts.clock.elapsedMs(),
  };
}
