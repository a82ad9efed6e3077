import { demoFlow, type DemoFlowProps } from "./demo";
import type { FlowJson } from "./flow-json";

/** Placeholder ARNs for offline builds (`connect-async build-flows`); deployments pass Terraform references instead. */
export const PLACEHOLDER_ARNS = {
  startFunction: "arn:aws:lambda:us-east-1:111111111111:function:connect-async-start",
  pollFunction: "arn:aws:lambda:us-east-1:111111111111:function:connect-async-poll",
  queue: "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-0000-0000-000000000000/queue/00000000-0000-0000-0000-000000000001",
} as const;

/** A flow this project ships. */
export interface ProjectFlow {
  /** The file name stem (`<name>.json`, `<name>.mmd`). */
  readonly name: string;
  /** The flow JSON, laid out and validated. */
  readonly flow: FlowJson;
  /** Identifier → block name, so diagrams show the names the flow was written with. */
  readonly blockNames: ReadonlyMap<string, string>;
}

/** The flows this project ships, built with placeholder ARNs, in a stable order. */
export function projectFlows(): ReadonlyArray<ProjectFlow> {
  const arns = { startFunctionArn: PLACEHOLDER_ARNS.startFunction, pollFunctionArn: PLACEHOLDER_ARNS.pollFunction };
  return [
    projectFlow("connect-async-demo", arns),
    projectFlow("connect-async-demo-with-queue", { ...arns, name: "connect-async demo with queue", queueArn: PLACEHOLDER_ARNS.queue }),
  ];
}

function projectFlow(name: string, props: DemoFlowProps): ProjectFlow {
  const flow = demoFlow(props);
  return { name, flow: flow.toJson(), blockNames: flow.blockNames() };
}
