/**
 * Only the macro's start invocations name operations (issue 17 F): a wrapped flow's own Lambda that
 * takes a parameter called `operation` is neither an operation of the simulation nor the start function.
 */
import type { FlowAction, FlowJson } from "../../flows/flow-json";
import { simulate } from "../../sim/call-simulator";
import { findAsyncFunctionArns } from "../../flows/recognise/async-functions";
import { findOperationNames, findStartInvocations } from "../../flows/recognise/start-invocations";
import { formatSummary, toJsonReport } from "../../sim/report/report";
import { DEMO_OPERATION_PROPS, SIMULATED_START_ARN, simulatedDemoFlow } from "../../sim/world/demo-world";
import { namedScenario } from "../../sim/world/scenarios";

const LEGACY_ARN = "arn:aws:lambda:us-east-1:111111111111:function:legacy-crm";

/** The demo flow with, before it, the user's own Lambda that takes `operation: "getCustomer"`, as a wrapped flow keeps it. */
function flowWithOwnOperationParameter(): FlowJson {
  const flow = simulatedDemoFlow();
  const legacy: FlowAction = {
    Identifier: "legacy-crm-lookup",
    Type: "InvokeLambdaFunction",
    Parameters: { LambdaFunctionARN: LEGACY_ARN, InvocationTimeLimitSeconds: "3", LambdaInvocationAttributes: { operation: "getCustomer", customer: "$.Attributes.accountId" } },
    Transitions: { NextAction: flow.StartAction, Errors: [{ NextAction: flow.StartAction, ErrorType: "NoMatchingError" }] },
  } as FlowAction;
  return { ...flow, StartAction: legacy.Identifier, Actions: [legacy, ...flow.Actions] };
}

describe("the macro's start invocations", () => {
  it("are the only blocks that name operations", () => {
    // GIVEN a flow with the macro and another Lambda that takes its own "operation" parameter
    const flow = flowWithOwnOperationParameter();

    // THEN only the macro's start counts
    expect(findOperationNames(flow)).toStrictEqual([DEMO_OPERATION_PROPS.name]);
    expect(findAsyncFunctionArns(flow).start).toStrictEqual(new Set([SIMULATED_START_ARN]));
    expect(findStartInvocations(flow).map((invocation) => invocation.inputs)).toStrictEqual([{ accountId: "$.Attributes.accountId", delayMs: "$.Attributes.demoDelayMs", fail: "$.Attributes.demoFail" }]);
  });

  it("make the report's Operations, in text and JSON, the flow's operations only", async () => {
    // WHEN the flow is simulated
    const result = await simulate({ scenario: namedScenario("fast-backend"), flow: flowWithOwnOperationParameter() });

    // THEN the other Lambda ran as a stub, the call succeeded, and "getCustomer" is no operation
    expect(result.callers[0]!.outcome.kind).toBe("success");
    expect(Object.keys(result.operations)).toStrictEqual([DEMO_OPERATION_PROPS.name]);
    expect(toJsonReport(result).operations).toStrictEqual([DEMO_OPERATION_PROPS.name]);
    expect(formatSummary(result)).toMatch(new RegExp(`^Operations +${DEMO_OPERATION_PROPS.name}$`, "m"));
  }, 60_000);
});
