/**
 * The operation's target as the scenario describes it: each attempt takes a latency drawn from the
 * scenario's seeded generator and then answers, fails, or is throttled, all in virtual time.
 *
 * The Retry backoff Step Functions waits before an attempt is taken here, on the virtual clock, because
 * the local runner overrides retry waits to 0 ms: the wait comes at the start of the retried attempt,
 * computed from the state's own Retry field, with FULL jitter drawn from the seed. An attempt slower
 * than the Task's `TimeoutSeconds` ends at that limit as `timeout` in the report, freeing its share of
 * the targets' concurrency then; the runner raises the task's `States.Timeout` at the same instant
 * (state-machine-runner.ts).
 *
 * Each attempt holds one of the targets' concurrent executions (`backend.concurrency`, lambda-account.ts)
 * for its latency; when they are all taken the attempt is throttled (Lambda.TooManyRequestsException)
 * and the state machine's Retry policy decides what happens next, as in AWS.
 */
import { createDemoBackendHandler } from "../../handlers/demo-backend";
import type { AslState, AslStateMachine } from "../../infra/state-machine-definition";
import type { VirtualScheduler } from "../world/clock";
import type { LambdaAccount } from "./lambda-account";
import type { SeededRandom } from "../world/random";
import type { BackendFailure, BackendSpec, LatencySpec } from "../world/scenario";
import { LambdaServiceError, LambdaServiceErrorName, type LambdaBehaviour, type LambdaInvocation } from "./state-machine-runner";
import type { BackendTimelineEntry } from "../report/timeline";

/**
 * The result when the scenario states none: what the demo backend (handlers/demo-backend.ts) returns
 * for this event, with its own latency and failure knobs neutralised (the scenario sets those).
 */
export async function demoBackendResult(payload: unknown): Promise<{ readonly [key: string]: string }> {
  const event = (payload !== null && typeof payload === "object" ? payload : {}) as { Details?: { Parameters?: object } };
  const neutral = { ...event, Details: { ...event.Details, Parameters: { ...event.Details?.Parameters, delayMs: "0", fail: "false" } } };
  return createDemoBackendHandler({ sleep: () => Promise.resolve() })(neutral);
}

/** How long Lambda takes to refuse a throttled or failed-service invocation. */
const SERVICE_ERROR_LATENCY_MS = 30;

/** One attempt of the backend, for the report. */
export interface BackendAttempt {
  readonly executionName: string;
  readonly attempt: number;
  /** Virtual epoch ms. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly result: BackendTimelineEntry["result"];
}

/** Finds a state by name, Parallel branches included. */
export function findState(machine: AslStateMachine, name: string): AslState | undefined {
  for (const [stateName, state] of Object.entries(machine.States)) {
    if (stateName === name) return state;
    if (state.Type !== "Parallel") continue;
    for (const branch of state.Branches) {
      const found = findState(branch, name);
      if (found) return found;
    }
  }
  return undefined;
}

/** Draws one latency. */
export function drawLatency(spec: LatencySpec, random: SeededRandom): number {
  if (typeof spec === "number") return spec;
  if (spec.distribution === "uniform") return Math.round(spec.minMs + random.next() * (spec.maxMs - spec.minMs));
  return Math.round(Math.max(spec.minMs ?? 0, random.normal(spec.meanMs, spec.stdDevMs)));
}

function failureFor(failures: ReadonlyArray<BackendFailure>, attempt: number): BackendFailure | undefined {
  return failures.find((failure) => failure.attempts === "all" || failure.attempts.includes(attempt));
}

/** Options of {@link SimulatedBackend}. */
export interface SimulatedBackendOptions {
  readonly spec: BackendSpec;
  readonly clock: VirtualScheduler;
  readonly random: SeededRandom;
  /** The state-machine definition, for each Task's Retry and TimeoutSeconds. */
  readonly definition: AslStateMachine;
  /** The account whose targets' share each attempt holds. @default no limit */
  readonly account?: LambdaAccount;
}

/** The scenario's backend, as the state machine's Lambda tasks see it. */
export class SimulatedBackend {
  readonly attempts: BackendAttempt[] = [];
  /** Per execution name: the virtual epoch ms when the backend last answered successfully. */
  readonly completedAt = new Map<string, number>();
  /** Per execution name: when its last attempt ended, whatever its result (a crowd's executions look it up without a scan). */
  readonly lastAttemptEndedAt = new Map<string, number>();

  constructor(private readonly options: SimulatedBackendOptions) {}

  /** The behaviour to give the state-machine runner; `executionName` tags the attempts. */
  behaviourFor(executionName: string): LambdaBehaviour {
    return (invocation) => this.invoke(invocation, executionName);
  }

  private backoffMs(stateName: string, attempt: number): number {
    if (attempt <= 1) return 0;
    const state = findState(this.options.definition, stateName);
    const retrier = state?.Type === "Task" ? state.Retry?.[0] : undefined;
    if (!retrier) return 0;
    const base = (retrier.IntervalSeconds ?? 1) * Math.pow(retrier.BackoffRate ?? 2, attempt - 2) * 1000;
    const capped = retrier.MaxDelaySeconds === undefined ? base : Math.min(base, retrier.MaxDelaySeconds * 1000);
    return Math.round(retrier.JitterStrategy === "FULL" ? this.options.random.next() * capped : capped);
  }

  private async invoke(invocation: LambdaInvocation, executionName: string): Promise<unknown> {
    const { clock, spec } = this.options;
    await clock.sleep(this.backoffMs(invocation.stateName, invocation.attempt));
    const startedAt = clock.now();
    const record = (result: BackendAttempt["result"]) => this.record({ executionName, attempt: invocation.attempt, startedAt, endedAt: clock.now(), result });
    const failure = failureFor(spec.failures ?? [], invocation.attempt);

    if (failure?.kind === "throttle" || failure?.kind === "service-error") {
      await clock.sleep(SERVICE_ERROR_LATENCY_MS);
      record(failure.kind === "throttle" ? "throttled" : "error");
      throw new LambdaServiceError(
        failure.kind === "throttle" ? LambdaServiceErrorName.tooManyRequests : LambdaServiceErrorName.serviceException,
        failure.message ?? (failure.kind === "throttle" ? "Rate exceeded (simulated throttle)" : "Service error (simulated)"),
      );
    }

    const account = this.options.account;
    const lease = account === undefined ? () => undefined : account.acquireTarget();
    if (lease === undefined) {
      await clock.sleep(SERVICE_ERROR_LATENCY_MS);
      record("throttled");
      throw new LambdaServiceError(LambdaServiceErrorName.tooManyRequests, "Rate exceeded: the targets are at their concurrency limit (simulated backend.concurrency)");
    }
    try {
      return await this.attempt(invocation, executionName, startedAt, failure);
    } finally {
      lease();
    }
  }

  private record(attempt: BackendAttempt): void {
    this.attempts.push(attempt);
    this.lastAttemptEndedAt.set(attempt.executionName, attempt.endedAt);
  }

  /** One attempt that got a concurrent execution: its latency, then its answer or failure. */
  private async attempt(invocation: LambdaInvocation, executionName: string, startedAt: number, failure: BackendFailure | undefined): Promise<unknown> {
    const { clock, spec, random } = this.options;
    const record = (result: BackendAttempt["result"]) => this.record({ executionName, attempt: invocation.attempt, startedAt, endedAt: clock.now(), result });
    const latencyMs = drawLatency(spec.latencyMs, random);
    const state = findState(this.options.definition, invocation.stateName);
    const timeoutSeconds = state?.Type === "Task" ? state.TimeoutSeconds : undefined;
    if (timeoutSeconds !== undefined && latencyMs > timeoutSeconds * 1000) {
      await clock.sleep(timeoutSeconds * 1000);
      record("timeout");
      throw Object.assign(new Error(`the backend did not answer within the Task's ${timeoutSeconds} s (simulated latency ${latencyMs} ms)`), { name: "States.Timeout" });
    }
    await clock.sleep(latencyMs);
    if (failure?.kind === "error") {
      record("error");
      throw Object.assign(new Error(failure.message ?? "the backend failed (simulated)"), { name: failure.errorName ?? "BackendError" });
    }
    record("ok");
    this.completedAt.set(executionName, clock.now());
    return spec.result ? { ...spec.result } : demoBackendResult(invocation.payload);
  }
}
