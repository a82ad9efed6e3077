/**
 * A flow synthesized by CDKTF names its Lambdas by Terraform reference (`${aws_lambda_function.NAME.arn}`),
 * not by ARN. The diagram and `wrap` name them by function, as the simulator's timeline does
 * (flows/lambda-name.ts), so a reader sees `lookup`, not the token.
 */
import type { FlowJson } from "../../../flows/flow-json";
import { renderMermaid } from "../../../flows/mermaid";
import { wrapFlow } from "../../../flows/wrap/wrap-flow";
import { WrapRefusedError } from "../../../flows/wrap/wrap-refusal";

const reference = (name: string): string => `\${aws_lambda_function.${name}.arn}`;

/** Two synchronous calls by reference, each result read before the next call. */
const SYNTHESIZED: FlowJson = {
  Version: "2019-10-30",
  StartAction: "call-lookup",
  Actions: [
    { Identifier: "call-lookup", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: reference("lookup"), InvocationTimeLimitSeconds: "8" }, Transitions: { NextAction: "say", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
    { Identifier: "say", Type: "MessageParticipant", Parameters: { Text: "Hello $.External.name" }, Transitions: { NextAction: "call-audit", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
    { Identifier: "call-audit", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: reference("audit"), InvocationTimeLimitSeconds: "3" }, Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
    { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
  ],
};

function refusalMessages(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof WrapRefusedError) return error.reasons.map((reason) => reason.message);
    throw error;
  }
  return [];
}

describe("Lambdas called by Terraform reference are named by function", () => {
  it("the diagram labels a call by reference with the function's name, not the token", () => {
    // GIVEN a synthesized flow  WHEN it is drawn
    const diagram = renderMermaid(SYNTHESIZED);
    // THEN each call's label names its function, and no token is left
    expect(diagram).toMatch(/Invoke Lambda.*lookup \(8 s\)/);
    expect(diagram).toMatch(/Invoke Lambda.*audit \(3 s\)/);
    expect(diagram).not.toContain("aws_lambda_function");
  });

  it("wrap --lambda finds a call by the function name of its reference", () => {
    // GIVEN the same flow  WHEN wrap is asked for the call to `lookup` by name
    const refusals = refusalMessages(() => wrapFlow(SYNTHESIZED, { lambda: "lookup", operation: "lookup" }));
    // THEN it wraps that call: nothing refused
    expect(refusals).toEqual([]);
  });

  it("wrap lists the calls there are by function name when none matches", () => {
    const refusals = refusalMessages(() => wrapFlow(SYNTHESIZED, { block: "nope", operation: "x" }));
    expect(refusals).toEqual([expect.stringContaining("call-lookup (lookup), call-audit (audit)")]);
  });
});
