import type { FlowJson } from "../../../flows/flow-json";
import { substitutePlaceholders } from "../../../flows/template/substitution";
import { validateFlow } from "../../../flows/validate";
import { asFlow, loadFixture } from "../../support/connect-flow-fixtures";

// Issue 17 D: a flow kept as a template is filled in from the values the user gives, and what is left is listed.
const PROMPT_ARN = "arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555/prompt/66666666-7777-8888-9999-000000000000";
const LAMBDA_ARN = "arn:aws:lambda:eu-west-2:123456789012:function:backend";
const STAND_IN = "arn:aws:lambda:us-east-1:000000000000:function:demo-start";

function template(): FlowJson {
  return {
    Version: "2019-10-30",
    StartAction: "beep",
    Metadata: { ActionMetadata: { call: { displayName: "ENTER BACKEND LAMBDA" } } },
    Actions: [
      { Identifier: "beep", Type: "MessageParticipant", Parameters: { PromptId: "%BeepPromptArn%" }, Transitions: { NextAction: "call", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      { Identifier: "call", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: "ENTER BACKEND LAMBDA", InvocationTimeLimitSeconds: "8" }, Transitions: { NextAction: "start", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      { Identifier: "start", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: STAND_IN, InvocationTimeLimitSeconds: "8" }, Transitions: { NextAction: "music", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      { Identifier: "music", Type: "MessageParticipant", Parameters: { PromptId: "${data.aws_connect_prompt.music.arn}" }, Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  } as unknown as FlowJson;
}

const STAND_INS = [{ value: STAND_IN, name: "aws_lambda_function.start.arn", description: "the stack's Lambda demo-start" }];

describe("substituting the placeholders of a flow kept as a template", () => {
  it("lists every name still without a value, with the blocks using it, and changes nothing", () => {
    // GIVEN the template and no values
    const flow = template();
    // WHEN it is substituted
    const result = substitutePlaceholders(flow, new Map(), STAND_INS);
    // THEN the four references are listed by name, and the flow is as it was
    expect(result.unresolved.map(({ name, kind, blockIds }) => ({ name, kind, blockIds }))).toEqual([
      { name: "BeepPromptArn", kind: "%Name%", blockIds: ["beep"] },
      { name: "ENTER BACKEND LAMBDA", kind: "text", blockIds: ["call"] },
      { name: "aws_lambda_function.start.arn", kind: "stand-in", blockIds: ["start"] },
      { name: "data.aws_connect_prompt.music.arn", kind: "${name}", blockIds: ["music"] },
    ]);
    expect(result.flow).toStrictEqual(template());
    expect(result.used.size).toBe(0);
  });

  it("fills in every value given, so the flow validates without a placeholder left", () => {
    // GIVEN a value for each name
    const values = new Map([
      ["BeepPromptArn", PROMPT_ARN], ["ENTER BACKEND LAMBDA", LAMBDA_ARN],
      ["aws_lambda_function.start.arn", LAMBDA_ARN], ["data.aws_connect_prompt.music.arn", PROMPT_ARN],
    ]);
    // WHEN the template is substituted
    const flow = template();
    const result = substitutePlaceholders(flow, values, STAND_INS);
    // THEN nothing is left, every value was used, the fields hold the values, and the validator finds no placeholder
    expect(result.unresolved).toEqual([]);
    expect([...result.used].sort()).toEqual([...values.keys()].sort());
    const parameters = Object.fromEntries(result.flow.Actions.map((action) => [action.Identifier, action.Parameters.PromptId ?? action.Parameters.LambdaFunctionARN]));
    expect(parameters).toMatchObject({ beep: PROMPT_ARN, call: LAMBDA_ARN, start: LAMBDA_ARN, music: PROMPT_ARN });
    expect(validateFlow(result.flow).filter((issue) => issue.code === "TEMPLATE_PLACEHOLDER" || issue.severity === "error")).toEqual([]);
    // AND the designer metadata naming the same Lambda follows; the input is untouched
    expect((result.flow.Metadata?.ActionMetadata as unknown as { call: { displayName: string } }).call.displayName).toBe(LAMBDA_ARN);
    expect(flow).toStrictEqual(template());
  });

  it("replaces a placeholder inside a longer value, every time it appears", () => {
    const flow = { ...template(), Actions: [{ Identifier: "q", Type: "UpdateContactTargetQueue", Parameters: { QueueId: "arn:aws:connect:%Region%:123456789012:instance/i/queue/%Region%-q" }, Transitions: {} }] } as unknown as FlowJson;
    const result = substitutePlaceholders(flow, new Map([["Region", "eu-west-2"]]));
    expect(result.flow.Actions[0]!.Parameters.QueueId).toBe("arn:aws:connect:eu-west-2:123456789012:instance/i/queue/eu-west-2-q");
  });

  it("fills in a real export's CloudFormation ${Name.Arn} placeholders", () => {
    // GIVEN the surveys export, whose Lambda ARNs are Fn::Sub placeholders
    const flow = asFlow(loadFixture("surveys_deployment_contact-surveys-amazon-connect.json"));
    const names = substitutePlaceholders(flow, new Map()).unresolved.filter((reference) => /\.Arn$/.test(reference.name)).map((reference) => reference.name);
    // WHEN each is given an ARN
    const result = substitutePlaceholders(flow, new Map(names.map((name) => [name, `arn:aws:lambda:eu-west-2:123456789012:function:${name.split(".")[0]}`])));
    // THEN the validator finds no placeholder left where an ARN goes
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect(validateFlow(result.flow).filter((issue) => issue.code === "TEMPLATE_PLACEHOLDER")).toEqual([]);
  });
});
