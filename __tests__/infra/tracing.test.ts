/**
 * `tracing: true`: Lambda active tracing, Step Functions X-Ray tracing, and the roles' permission to
 * write traces; nothing of it by default.
 */
import { Testing } from "cdktf";
import { ConnectAsyncBridge, type ConnectAsyncBridgeProps } from "../../infra/connect-async-bridge";
import type { PolicyDocument } from "../../infra/iam-policies";
import { resourcesOf, writeFixtureBundles, type TerraformJson } from "./support/synthesized-stack";

const INSTANCE_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const handlersDir = writeFixtureBundles();
const props = (tracing?: boolean): ConnectAsyncBridgeProps => ({
  connectInstance: { instanceId: INSTANCE_ID, instanceArn: `arn:aws:connect:eu-west-2:123456789012:instance/${INSTANCE_ID}` },
  namePrefix: "acme",
  handlersDir,
  operations: [{ name: "balance", target: "arn:aws:lambda:eu-west-2:123456789012:function:balance" }],
  tracing,
});
const synth = (tracing?: boolean) => JSON.parse(Testing.synthScope((stack) => new ConnectAsyncBridge(stack, "bridge", props(tracing)))) as TerraformJson;
const policies = (json: TerraformJson) => resourcesOf(json, "aws_iam_role_policy").map(([, policy]) => JSON.parse(String(policy.policy)) as PolicyDocument);
/** The statements that grant X-Ray actions. */
const xrayStatements = (document: PolicyDocument) => document.Statement.filter((statement) => [statement.Action].flat().some((action) => String(action).startsWith("xray:")));

describe("tracing", () => {
  it("is off by default: Lambda's PassThrough, no state machine tracing, no X-Ray permission", () => {
    const json = synth();
    for (const [, fn] of resourcesOf(json, "aws_lambda_function")) expect(fn.tracing_config).toStrictEqual({ mode: "PassThrough" });
    for (const [, machine] of resourcesOf(json, "aws_sfn_state_machine")) expect(machine.tracing_configuration).toStrictEqual({ enabled: false });
    for (const document of policies(json)) expect(xrayStatements(document)).toStrictEqual([]);
  });

  it("when on, traces every function and state machine, and each of their roles may write traces and nothing more", () => {
    const json = synth(true);
    const functions = resourcesOf(json, "aws_lambda_function");
    // start, poll and the long poll
    expect(functions.length).toBe(3);
    for (const [, fn] of functions) expect(fn.tracing_config).toStrictEqual({ mode: "Active" });
    for (const [, machine] of resourcesOf(json, "aws_sfn_state_machine")) expect(machine.tracing_configuration).toStrictEqual({ enabled: true });
    // start, poll, the long poll and the state machine: four roles, each with one X-Ray statement of write actions only
    const documents = policies(json);
    expect(documents).toHaveLength(4);
    for (const document of documents) {
      const [statement, ...more] = xrayStatements(document);
      expect(more).toStrictEqual([]);
      expect(statement).toMatchObject({ Effect: "Allow", Resource: "*" });
      expect([statement.Action].flat().sort()).toStrictEqual(["xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments"]);
    }
  });
});
