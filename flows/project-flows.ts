import { buildDemoFlow } from "./demo";
import type { FlowJson } from "./flow-json";

/** Placeholder ARNs for offline builds (`connect-async build-flows`); deployments pass Terraform references instead. */
export const PLACEHOLDER_ARNS = {
  startFunction: "arn:aws:lambda:us-east-1:111111111111:function:connect-async-start",
  pollFunction: "arn:aws:lambda:us-east-1:111111111111:function:connect-async-poll",
  queue: "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-0000-0000-000000000000/queue/00000000-0000-0000-0000-000000000001",
} as const;

/** The flows this project ships, built with placeholder ARNs, in a stable order. */
export function projectFlows(): ReadonlyArray<{ readonly name: string; readonly flow: FlowJson }> {
  return [
    {
      name: "connect-async-demo",
      flow: buildDemoFlow({ startFunctionArn: PLACEHOLDER_ARNS.startFunction, pollFunctionArn: PLACEHOLDER_ARNS.pollFunction }),
    },
    {
      name: "connect-async-demo-with-queue",
      flow: buildDemoFlow({
        name: "connect-async demo with queue",
        startFunctionArn: PLACEHOLDER_ARNS.startFunction,
        pollFunctionArn: PLACEHOLDER_ARNS.pollFunction,
        queueArn: PLACEHOLDER_ARNS.queue,
      }),
    },
  ];
}
