import { Compare, Condition, DisconnectParticipant, Flow, InvokeLambdaFunction } from "../../../flows";
import { FlowValidationError, formatFlowIssue } from "../../../flows/flow-validation-error";
import type { FlowIssue } from "../../../flows/flow-json";

describe("FlowValidationError", () => {
  const issues: FlowIssue[] = [
    { severity: "error", code: "TOO_MANY_ACTIONS", message: "The flow has 251 actions." },
    { severity: "error", blockId: "greet", code: "DANGLING_NEXT_ACTION", message: "MessageParticipant block \"greet\" goes to \"x\"." },
    { severity: "warning", blockId: "orphan", code: "UNREACHABLE_ACTION", message: "orphan is unreachable." },
  ];

  it("lists every issue as a [blockId] message line, flow-wide ones as [flow]", () => {
    // WHEN the error is built from the issues of a named flow
    const error = new FlowValidationError(issues, "demo");
    // THEN the message counts the errors and lists each issue on its own line
    expect(error.message.split("\n")).toEqual([
      'Flow "demo" is not valid (2 errors):',
      "[flow] The flow has 251 actions.",
      '[greet] MessageParticipant block "greet" goes to "x".',
      "[orphan] orphan is unreachable. (warning)",
    ]);
    expect(error.issues).toEqual(issues);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("FlowValidationError");
  });

  it("formats one issue the same way", () => {
    // GIVEN an issue tied to a block, WHEN it is formatted, THEN it reads [blockId] message
    expect(formatFlowIssue(issues[1])).toBe('[greet] MessageParticipant block "greet" goes to "x".');
  });
});

describe("errors of a flow built here", () => {
  test("name each block by the name it was built with, in the prefix and in the message", () => {
    // GIVEN a Compare whose only condition leads to a block that is never wired
    const hangUp = new DisconnectParticipant("Hang up");
    const lookUp = new InvokeLambdaFunction("Look up the balance", { functionArn: "arn:aws:lambda:us-east-1:111111111111:function:f", invocationTimeLimitSeconds: 8 });
    lookUp.next(new Compare("Check the balance", { comparisonValue: "$.External.balance" }).when(Condition.equals("0"), hangUp).otherwise(hangUp));

    // WHEN / THEN: the unwired error branch is reported under the block's name, not its UUID
    expect(() => new Flow({ name: "Names", startWith: lookUp }).toJson()).toThrow(/^\[Look up the balance\] /m);
  });
});
