import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { buildDemoFlow } from "../../../flows/demo";
import type { FlowAction, FlowJson } from "../../../flows/flow-json";
import { demoFlowVariants } from "./demo-flow-variants";
import { validateFlow } from "../../../flows/validate";

const ARNS = {
  startFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:connect-async-start",
  pollFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:connect-async-poll",
};

function printInFreshProcess(): string {
  const tsxCli = require.resolve("tsx/cli");
  return execFileSync(process.execPath, [tsxCli, path.join(__dirname, "print-demo-flow.ts")], { encoding: "utf8", cwd: path.join(__dirname, "..", "..", "..") });
}

function byType(flow: FlowJson, type: string): FlowAction[] {
  return flow.Actions.filter((action) => action.Type === type);
}

function action(flow: FlowJson, identifier: string | undefined): FlowAction {
  const found = flow.Actions.find((candidate) => candidate.Identifier === identifier);
  if (found === undefined) throw new Error(`no action ${identifier}`);
  return found;
}

describe("the demo flow", () => {
  test("building the demo flow in two separate processes gives byte-identical JSON, for both strategies", () => {
    // GIVEN / WHEN
    const first = printInFreshProcess();
    const second = printInFreshProcess();

    // THEN
    expect(first.length).toBeGreaterThan(1000);
    expect(second).toBe(first);
    expect(JSON.parse(first)).toStrictEqual(JSON.parse(JSON.stringify(demoFlowVariants())));
  }, 60000);

  test("the demo validates clean, with and without a queue", () => {
    // GIVEN / WHEN
    const plain = buildDemoFlow(ARNS);
    const withQueue = buildDemoFlow({ ...ARNS, queueArn: "arn:aws:connect:us-east-1:111111111111:instance/i/queue/q" });

    // THEN
    expect(validateFlow(plain)).toStrictEqual([]);
    expect(validateFlow(withQueue)).toStrictEqual([]);
  });

  test("the demo greets, starts the demo operation with its knobs, and reads the result back on success", () => {
    // GIVEN / WHEN
    const flow = buildDemoFlow({ ...ARNS, startFunctionArn: "${TfToken[TOKEN.1]}" });

    // THEN the start call carries the operation and the knobs from contact attributes
    const [start] = byType(flow, "InvokeLambdaFunction").filter((candidate) => candidate.Parameters.LambdaFunctionARN === "${TfToken[TOKEN.1]}");
    expect(start!.Parameters.LambdaInvocationAttributes).toStrictEqual({ operation: "demo", accountId: "$.Attributes.accountId", delayMs: "$.Attributes.demoDelayMs", fail: "$.Attributes.demoFail" });
    // the status check after start leads, on SUCCEEDED, to a prompt that reads the result keys
    const saved = action(flow, start!.Transitions.NextAction);
    const check = action(flow, saved.Transitions.NextAction);
    const onSuccess = check.Transitions.Conditions!.find((condition) => condition.Condition.Operands[0] === "SUCCEEDED")!;
    expect(action(flow, onSuccess.NextAction).Parameters.Text).toMatch(/\$\.External\.balance/);
    // the greeting comes before the start
    const greeting = byType(flow, "MessageParticipant").find((candidate) => candidate.Transitions.NextAction === start!.Identifier);
    expect(greeting!.Parameters.Text).toMatch(/Thank you for calling/);
  });

  test("failure and timeout apologise, then transfer to the queue when one is given, else hang up", () => {
    // GIVEN
    const queueArn = "arn:aws:connect:us-east-1:111111111111:instance/i/queue/q";

    // WHEN
    const plain = buildDemoFlow(ARNS);
    const withQueue = buildDemoFlow({ ...ARNS, queueArn });

    // THEN
    const outcomeAfterApology = (flow: FlowJson, text: RegExp): FlowAction => {
      const apology = byType(flow, "MessageParticipant").find((candidate) => text.test(String(candidate.Parameters.Text)))!;
      return action(flow, apology.Transitions.NextAction);
    };
    for (const apology of [/could not look up/, /taking longer/]) {
      expect(outcomeAfterApology(withQueue, apology)).toMatchObject({ Type: "UpdateContactTargetQueue", Parameters: { QueueId: queueArn } });
      const farewell = outcomeAfterApology(plain, apology);
      expect(action(plain, farewell.Transitions.NextAction).Type).toBe("DisconnectParticipant");
    }
    expect(byType(withQueue, "TransferContactToQueue")).toHaveLength(1);
    expect(byType(plain, "TransferContactToQueue")).toHaveLength(0);
  });

  test("the demo flow's name sets its identifiers: another name gives other identifiers, the same name the same", () => {
    // GIVEN / WHEN
    const named = buildDemoFlow({ ...ARNS, name: "Other demo" });
    const again = buildDemoFlow({ ...ARNS, name: "Other demo" });
    const standard = buildDemoFlow(ARNS);

    // THEN
    expect(again).toStrictEqual(named);
    expect(named.StartAction).not.toBe(standard.StartAction);
    expect(named.Metadata!.name).toBe("Other demo");
  });
});
