/**
 * The simulator's stand-ins for the demo stack: placeholder ARNs of the start, poll, long-poll and
 * backend Lambdas, the demo operation as the default stack deploys it, the demo flow built with them, and
 * the long poll's reserved concurrency as the stack gives it.
 */
import type { FlowJson } from "../../flows/flow-json";
import { buildDemoFlow, type DemoFlowProps } from "../../flows/demo";
import { DEFAULT_LONG_POLL_RESERVED_CONCURRENCY } from "../../infra/long-poll-defaults";
import { demoOperationProps } from "../../infra/demo-operation";
import type { OperationProps } from "../../infra/operation";
import type { SimulatedFunction } from "../aws/function-map";

/** Placeholder ARNs of the simulated start and poll Lambdas (the demo flow is built with them). */
export const SIMULATED_START_ARN = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-start";
export const SIMULATED_POLL_ARN = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-poll";
/** Placeholder ARN of the simulated long-poll Lambda, which the demo flow's event strategy waits with (as the demo stack's does). */
export const SIMULATED_LONG_POLL_ARN = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-long-poll";
/** The placeholder ARN of the demo operation's target. */
export const SIMULATED_BACKEND_ARN = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-demo-backend";

/** The demo operation exactly as the default stack deploys it; scenarios override its timing and cache settings. */
export const DEMO_OPERATION_PROPS: OperationProps = demoOperationProps(SIMULATED_BACKEND_ARN);

/**
 * The demo flow (flows/demo.ts) built with the simulator's placeholder ARNs (the event strategy waits
 * with the long poll), and any other demo props (e.g. `strategy: "loop"`).
 */
export function simulatedDemoFlow(props: Omit<DemoFlowProps, "startFunctionArn" | "pollFunctionArn" | "longPollFunctionArn"> = {}): FlowJson {
  return buildDemoFlow({ ...props, startFunctionArn: SIMULATED_START_ARN, pollFunctionArn: SIMULATED_POLL_ARN, longPollFunctionArn: SIMULATED_LONG_POLL_ARN });
}

/**
 * A flow's function map with the demo stack's settings on the demo's own functions: the simulated long
 * poll gets the construct's default reserve, so a crowd's waiting callers draw on that reserve as on the
 * deployed stack, and start and poll on what is left. Other ARNs, and a reserve already stated, are kept.
 */
export function withDemoFunctionSettings(functions: { readonly [arn: string]: SimulatedFunction }): { [arn: string]: SimulatedFunction } {
  const longPoll = functions[SIMULATED_LONG_POLL_ARN];
  if (longPoll === undefined || longPoll.kind === "stub" || longPoll.reservedConcurrency !== undefined) return { ...functions };
  return { ...functions, [SIMULATED_LONG_POLL_ARN]: { ...longPoll, reservedConcurrency: DEFAULT_LONG_POLL_RESERVED_CONCURRENCY } };
}
