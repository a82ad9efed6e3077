/**
 * Lambda as Connect reaches it in the simulator: each invocation of a flow's Lambda block runs, after
 * half the platform's overhead, the function its ARN maps to (the real start or poll handler, or a stub),
 * with the scenario's injected faults, and answers after the other half. Invocations are counted by
 * function.
 *
 * The bridge's functions hold one of the account's concurrent executions (lambda-account.ts) from the
 * moment the request reaches Lambda until the handler returns; when their pool is full the invocation
 * is refused at once with TooManyRequestsException, which Connect meets like any failed attempt: it
 * retries within the block's time limit (up to 3 times), then takes the Error branch. An asynchronous
 * invocation is assumed to be retried the same way (reference connect-flow-language.md §2.1.2: "Connect
 * retries a failing invocation up to three times within the limit, then takes Error"; throttling is one
 * of the documented retry causes, §2.1 "Retries"), its failure showing when the flow waits for or loads
 * the result.
 */
import { LambdaInvocationType } from "../../flows/flow-language";
import type { LambdaInvocationRequest, LambdaInvoker } from "../connect/flow-run-types";
import type { CallerState } from "../world/caller-state";
import type { VirtualScheduler } from "../world/clock";
import type { CallerPlan, LambdaFault, Scenario } from "../world/scenario";
import type { BridgeHandlers } from "./bridge-handlers";
import type { SimulatedFunction } from "./function-map";
import { functionNameOf } from "./function-name";
import type { LambdaAccount } from "./lambda-account";
import { LambdaServiceError, LambdaServiceErrorName } from "./state-machine-runner";

/** A "timeout" fault makes the invocation answer this long after its block's time limit. */
const TIMEOUT_FAULT_EXTRA_MS = 1000;
/** How long Lambda takes to refuse a throttled invocation (it answers at once, a round trip). */
const THROTTLE_LATENCY_MS = 10;

/** A Lambda-context-like object on the virtual clock: the handlers bound their long poll by it. */
export interface SimulatedLambdaContext {
  readonly functionName: string;
  readonly awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/** Options of {@link SimulatedLambda}. */
export interface SimulatedLambdaOptions {
  readonly clock: VirtualScheduler;
  readonly scenario: Scenario;
  /** Lambda ARN → what it is. */
  readonly functions: { readonly [arn: string]: SimulatedFunction };
  /** Connect → Lambda → Connect overhead per invocation, half before the function runs and half after. */
  readonly lambdaOverheadMs: number;
  readonly handlers: BridgeHandlers;
  /** The account's concurrency the bridge's functions draw on. */
  readonly account: LambdaAccount;
  /** The callers' states, by caller id: updated with what the handlers answer. */
  readonly states: ReadonlyMap<string, CallerState>;
  /** Receives each invocation, so the simulation lets a late answer finish. */
  readonly background: Array<Promise<unknown>>;
}

function faultFor(faults: ReadonlyArray<LambdaFault>, kind: "start" | "poll", caller: CallerPlan, request: LambdaInvocationRequest): LambdaFault | undefined {
  return faults.find(
    (fault) =>
      (fault.function === kind || (fault.function === "long-poll" && kind === "poll" && request.invocationType === LambdaInvocationType.ASYNCHRONOUS)) &&
      fault.turn === request.turn &&
      (fault.callers === undefined || fault.callers.includes(caller.index)) &&
      (fault.attempts === undefined || fault.attempts === "all" || fault.attempts.includes(request.attempt)),
  );
}

/** The flow's Lambdas; `invoke` is the interpreter's {@link LambdaInvoker}. */
export class SimulatedLambda {
  /** Invocations by function name (Connect's retries count). */
  readonly invocations = new Map<string, number>();

  constructor(private readonly options: SimulatedLambdaOptions) {}

  readonly invoke: LambdaInvoker = (request) => {
    const { clock, scenario, functions, lambdaOverheadMs, handlers, states, background, account } = this.options;
    const invocations = this.invocations;
    const fn = functions[request.functionArn];
    const name = fn === undefined ? functionNameOf(request.functionArn) : fn.kind === "stub" ? fn.name : fn.kind;
    invocations.set(name, (invocations.get(name) ?? 0) + 1);
    const state = states.get(request.callerId);
    const work = (async () => {
      const invokedAt = clock.now();
      const halfOverhead = lambdaOverheadMs / 2;
      await clock.sleep(halfOverhead);
      if (fn === undefined) throw new Error(`no simulated function is mapped to ${request.functionArn}`);
      if (fn.kind === "stub") {
        await clock.sleep(fn.latencyMs ?? 0);
        await clock.sleep(halfOverhead);
        return { ...fn.response };
      }
      const functionName = functionNameOf(request.functionArn);
      const lease = account.acquire(functionName);
      if (lease === undefined) {
        await clock.sleep(THROTTLE_LATENCY_MS);
        throw new LambdaServiceError(LambdaServiceErrorName.tooManyRequests, `Rate exceeded: ${functionName} is at its concurrency limit (simulated)`);
      }
      let response: Awaited<ReturnType<ReturnType<BridgeHandlers["handlerFor"]>>>;
      const fault = state ? faultFor(scenario.lambdaFaults ?? [], fn.kind, state.plan, request) : undefined;
      try {
        if (fault?.kind === "error") throw new Error(`simulated ${fn.kind} function error (turn ${request.turn}, attempt ${request.attempt})`);
        const timeoutMs = fn.timeoutMs ?? request.timeLimitMs;
        const context: SimulatedLambdaContext = {
          functionName: name,
          awsRequestId: `${request.callerId}-${request.blockId}-${request.turn}-${request.attempt}`,
          getRemainingTimeInMillis: () => Math.max(0, invokedAt + timeoutMs - clock.now()),
        };
        response = await handlers.handlerFor(fn.kind, request.timeLimitMs)(request.event, context);
      } finally {
        lease(); // the execution ends when the handler returns
      }
      // The function did its work, but its answer reaches Connect after the block's limit.
      if (fault?.kind === "timeout") await clock.sleep(request.timeLimitMs + TIMEOUT_FAULT_EXTRA_MS);
      await clock.sleep(halfOverhead);
      if (state) {
        if (typeof response.asyncRequestId === "string" && response.asyncRequestId !== "") state.requestId = response.asyncRequestId;
        if (typeof response.asyncStatus === "string") state.lastStatus = response.asyncStatus;
        state.lastErrorCode = typeof response.asyncErrorCode === "string" ? response.asyncErrorCode : undefined;
      }
      return fault?.kind === "invalid-response" ? { ...response, asyncElapsedMs: 0 } : response;
    })();
    background.push(work.catch(() => undefined));
    return work;
  };
}
