import { buildDemoFlow } from "../../../flows/demo";
import type { FlowJson } from "../../../flows/flow-json";

const ARNS = {
  startFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:connect-async-start",
  pollFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:connect-async-poll",
};
const QUEUE = "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-0000-0000-000000000000/queue/00000000-0000-0000-0000-000000000001";

/** The demo flow as the stack builds it, both wait strategies, with and without a queue. */
export function demoFlowVariants(): { readonly [variant: string]: FlowJson } {
  return {
    event: buildDemoFlow(ARNS),
    "event with queue": buildDemoFlow({ ...ARNS, queueArn: QUEUE }),
    loop: buildDemoFlow({ ...ARNS, strategy: "loop" }),
    "loop with queue": buildDemoFlow({ ...ARNS, strategy: "loop", queueArn: QUEUE }),
  };
}
