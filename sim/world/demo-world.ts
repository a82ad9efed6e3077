/**
 * The simulator's stand-ins for the demo stack: placeholder ARNs of the start, poll and backend
 * Lambdas, the demo operation as the default stack deploys it, and the demo flow built with them.
 */
import type { FlowJson } from "../../flows/flow-json";
import { buildDemoFlow, type DemoFlowProps } from "../../flows/demo";
import { demoOperationProps } from "../../infra/demo-operation";
import type { OperationProps } from "../../infra/operation";

/** Placeholder ARNs of the simulated start and poll Lambdas (the demo flow is built with them). */
export const SIMULATED_START_ARN = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-start";
export const SIMULATED_POLL_ARN = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-poll";
/** The placeholder ARN of the demo operation's target. */
export const SIMULATED_BACKEND_ARN = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-demo-backend";

/** The demo operation exactly as the default stack deploys it; scenarios override its timing and cache settings. */
export const DEMO_OPERATION_PROPS: OperationProps = demoOperationProps(SIMULATED_BACKEND_ARN);

/** The demo flow (flows/demo.ts) built with the simulator's placeholder ARNs, and any other demo props (e.g. `strategy: "loop"`). */
export function simulatedDemoFlow(props: Omit<DemoFlowProps, "startFunctionArn" | "pollFunctionArn"> = {}): FlowJson {
  return buildDemoFlow({ ...props, startFunctionArn: SIMULATED_START_ARN, pollFunctionArn: SIMULATED_POLL_ARN });
}

