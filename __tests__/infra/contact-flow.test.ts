/**
 * The contact-flow construct: content from FlowJson with Terraform references, validation at synth,
 * and the cross-resource check that the flow only invokes associated Lambdas.
 */
import { Testing, TerraformStack } from "cdktf";
import type { FlowAction, FlowJson } from "../../flows/flow-json";
import { validateFlow } from "../../flows/validate";
import { ConnectAsyncBridge } from "../../infra/connect-async-bridge";
import { ContactFlow, ContactFlowError, type ContactFlowProps } from "../../infra/contact-flow";
import { onlyResource, resourcesOf, writeFixtureBundles, type TerraformJson } from "./support/synthesized-stack";

const INSTANCE_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const INSTANCE_ARN = `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}`;
const OTHER_LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:not-associated";
const handlersDir = writeFixtureBundles();

/** A two-block flow: invoke a Lambda, then hang up. */
function invokeThenHangUp(lambdaArn: string, overrides: Partial<FlowAction> = {}): FlowJson {
  return {
    Version: "2019-10-30",
    StartAction: "invoke",
    Metadata: { entryPointPosition: { x: 40, y: 40 }, ActionMetadata: { invoke: { position: { x: 200, y: 40 } }, bye: { position: { x: 400, y: 40 } } } },
    Actions: [
      {
        Identifier: "invoke",
        Type: "InvokeLambdaFunction",
        Parameters: { LambdaFunctionARN: lambdaArn, InvocationTimeLimitSeconds: "8", ResponseValidation: { ResponseType: "STRING_MAP" } },
        Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] },
        ...overrides,
      },
      { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  };
}

/** A stack with a bridge and a flow built by `flowProps` from it. */
function synthFlow(flowProps: (bridge: ConnectAsyncBridge) => Omit<ContactFlowProps, "instanceId">): TerraformJson {
  return JSON.parse(
    Testing.synthScope((stack) => {
      const bridge = new ConnectAsyncBridge(stack, "bridge", {
        connectInstance: { instanceId: INSTANCE_ID, instanceArn: INSTANCE_ARN },
        handlersDir,
        operations: [{ name: "demo", target: "arn:aws:lambda:us-east-1:123456789012:function:backend" }],
      });
      new ContactFlow(stack, "flow", { instanceId: INSTANCE_ID, ...flowProps(bridge) });
    }),
  ) as TerraformJson;
}

function constructFlow(flowProps: (bridge: ConnectAsyncBridge) => Omit<ContactFlowProps, "instanceId">): () => void {
  return () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const bridge = new ConnectAsyncBridge(stack, "bridge", {
      connectInstance: { instanceId: INSTANCE_ID, instanceArn: INSTANCE_ARN },
      handlersDir,
      operations: [{ name: "demo", target: "arn:aws:lambda:us-east-1:123456789012:function:backend" }],
    });
    new ContactFlow(stack, "flow", { instanceId: INSTANCE_ID, ...flowProps(bridge) });
  };
}

it("the fixture flow itself passes the validator", () => {
  expect(validateFlow(invokeThenHangUp(OTHER_LAMBDA)).filter((issue) => issue.severity === "error")).toEqual([]);
});

describe("a contact flow", () => {
  it("carries the flow JSON with Lambda ARNs as Terraform references", () => {
    // GIVEN / WHEN
    const json = synthFlow((bridge) => ({
      name: "support",
      flow: invokeThenHangUp(bridge.startFunction.arn),
      associatedFunctionArns: bridge.associatedFunctionArns,
      dependsOn: bridge.lambdaAssociations,
    }));

    // THEN
    const [startName] = resourcesOf(json, "aws_lambda_function").find(([, block]) => block.function_name === "connect-async-start") ?? [];
    const flow = onlyResource(json, "aws_connect_contact_flow");
    expect(flow).toMatchObject({ instance_id: INSTANCE_ID, name: "support", type: "CONTACT_FLOW" });
    const content = JSON.parse(flow.content as string) as FlowJson;
    expect(content.Actions[0].Parameters.LambdaFunctionARN).toBe(`\${aws_lambda_function.${startName}.arn}`);
    // after the associations of start, poll and the long poll
    expect(flow.depends_on).toHaveLength(3);
  });

  it("can be a flow module", () => {
    const json = synthFlow((bridge) => ({ name: "lookup", module: true, flow: invokeThenHangUp(bridge.pollFunction.arn), associatedFunctionArns: bridge.associatedFunctionArns }));
    expect(resourcesOf(json, "aws_connect_contact_flow")).toHaveLength(0);
    expect(onlyResource(json, "aws_connect_contact_flow_module")).toMatchObject({ name: "lookup", instance_id: INSTANCE_ID });
  });

  it("escapes text Terraform would read as a template", () => {
    const flow = invokeThenHangUp(OTHER_LAMBDA);
    const withDollarBrace: FlowJson = { ...flow, Actions: [flow.Actions[0], { ...flow.Actions[1], Parameters: { Note: "costs ${5} or %{x}" } }] };
    const json = synthFlow(() => ({ name: "escaped", flow: withDollarBrace, associatedFunctionArns: [OTHER_LAMBDA] }));
    expect(onlyResource(json, "aws_connect_contact_flow").content).toContain("costs $${5} or %%{x}");
  });

  it("fails synth naming the block when the flow is invalid", () => {
    const dangling = (bridge: ConnectAsyncBridge) => ({
      name: "broken",
      flow: invokeThenHangUp(bridge.startFunction.arn, { Transitions: { NextAction: "nowhere", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } }),
      associatedFunctionArns: bridge.associatedFunctionArns,
    });
    expect(constructFlow(dangling)).toThrow(ContactFlowError);
    expect(constructFlow(dangling)).toThrow(/Contact flow "broken" is invalid:\n {2}\[invoke\] .*nowhere/);
  });

  it("fails synth when the flow invokes a Lambda the instance is not associated with", () => {
    const unassociated = (bridge: ConnectAsyncBridge) => ({ name: "stray", flow: invokeThenHangUp(OTHER_LAMBDA), associatedFunctionArns: bridge.associatedFunctionArns });
    expect(constructFlow(unassociated)).toThrow(
      /\[invoke\] invokes arn:aws:lambda:us-east-1:123456789012:function:not-associated, which is not associated with the instance; associate it/,
    );
  });
});

describe("start blocks checked against the bridge", () => {
  /** The flow invoking the bridge's start for `operation` with a `limitSeconds` time limit. */
  const callStart = (operation: string, limitSeconds: string) => (bridge: ConnectAsyncBridge) => ({
    name: "start-check",
    associatedFunctionArns: bridge.associatedFunctionArns,
    bridges: [bridge],
    flow: invokeThenHangUp(bridge.startFunction.arn, {
      Parameters: {
        LambdaFunctionARN: bridge.startFunction.arn,
        InvocationTimeLimitSeconds: limitSeconds,
        LambdaInvocationAttributes: { operation },
        ResponseValidation: { ResponseType: "STRING_MAP" },
      },
    }),
  });

  it("accepts a start block naming the bridge's operation with room for its fast path", () => {
    // GIVEN the demo operation's default 500 ms fast path and a 2 s block
    // WHEN / THEN
    expect(constructFlow(callStart("demo", "2"))).not.toThrow();
  });

  it("fails synth when a start block names an operation the bridge does not have", () => {
    expect(constructFlow(callStart("balance", "4"))).toThrow(
      /\[invoke\] calls start with operation "balance", which the bridge does not have \(it has: demo\); start would answer ERROR UNKNOWN_OPERATION/,
    );
  });

  it("fails synth when the block's time limit leaves start no second beyond the fast path", () => {
    // GIVEN 500 ms of fast path and a 1 s limit: a slow call would end in the block's error branch
    expect(constructFlow(callStart("demo", "1"))).toThrow(
      /\[invoke\] gives start 1 s, but operation "demo" may wait 500 ms on its fast path and needs a second beyond it; raise the block's time limit to at least 2 s/,
    );
  });
});

describe("poll blocks checked against the bridge's long polls", () => {
  /** A stack whose bridge long-polls 2 s, and a flow polling it with `limitSeconds`. */
  const pollWith = (limitSeconds: string) => () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const bridge = new ConnectAsyncBridge(stack, "bridge", {
      connectInstance: { instanceId: INSTANCE_ID, instanceArn: INSTANCE_ARN },
      handlersDir,
      operations: [{ name: "demo", target: "arn:aws:lambda:us-east-1:123456789012:function:backend", pollWaitMs: 2000 }],
    });
    new ContactFlow(stack, "flow", {
      instanceId: INSTANCE_ID,
      name: "poll-check",
      associatedFunctionArns: bridge.associatedFunctionArns,
      bridges: [bridge],
      flow: invokeThenHangUp(bridge.pollFunction.arn, {
        Parameters: { LambdaFunctionARN: bridge.pollFunction.arn, InvocationTimeLimitSeconds: limitSeconds, LambdaInvocationAttributes: { asyncRequestId: "$.FlowAttributes.id" } },
      }),
    });
  };

  it("accepts a poll block with a second to spare beyond the long poll", () => {
    expect(pollWith("3")).not.toThrow();
  });

  it("fails synth when the poll block's time limit does not cover the long poll", () => {
    expect(pollWith("2")).toThrow(/\[invoke\] gives poll 2 s, but operation "demo" long-polls for 2000 ms and poll needs a second beyond it; raise the block's time limit to at least 3 s/);
  });

  it("refuses a long poll over 2 s", () => {
    const tooLong = () =>
      new ConnectAsyncBridge(new TerraformStack(Testing.app(), "stack"), "bridge", {
        connectInstance: { instanceId: INSTANCE_ID, instanceArn: INSTANCE_ARN },
        handlersDir,
        operations: [{ name: "demo", target: "arn:aws:lambda:us-east-1:123456789012:function:backend", pollWaitMs: 2500 }],
      });
    expect(tooLong).toThrow(/operation "demo": pollWaitMs must be an integer from 0 to 2000 \(poll must answer within the flow's poll time limit\), got 2500/);
  });
});
