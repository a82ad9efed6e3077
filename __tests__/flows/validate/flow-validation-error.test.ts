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
