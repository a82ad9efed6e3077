import type { FlowJson } from "../../../flows/flow-json";
import { validateFlow } from "../../../flows/validate";

// The content limit bounds what the rules see (256,000 characters), but within it a flow can hold about
// 1,300 blocks. The dataflow checks must stay fast on such a flow however its blocks are wired: before their
// facts were kept per function and their work bounded, this one took minutes.
function largestTangle(): FlowJson {
  const actions: unknown[] = [];
  const count = 1300;
  for (let index = 0; index < count; index += 1) {
    const next = `${(index + 1) % count}`;
    if (index % 3 === 0) {
      actions.push({ Identifier: `${index}`, Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: `f${index}`, InvocationTimeLimitSeconds: "8" }, Transitions: { NextAction: next } });
    } else if (index % 3 === 1) {
      actions.push({ Identifier: `${index}`, Type: "UpdateFlowAttributes", Parameters: { FlowAttributes: { a: { Value: `$.External.k${index % 50}` } } }, Transitions: { NextAction: next } });
    } else {
      actions.push({ Identifier: `${index}`, Type: "Compare", Parameters: { ComparisonValue: "$.External.x" },
        Transitions: { NextAction: next, Conditions: [{ NextAction: `${(index * 13) % count}`, Condition: { Operator: "Equals", Operands: ["1"] } }], Errors: [{ NextAction: next, ErrorType: "NoMatchingCondition" }] } });
    }
  }
  return { Version: "2019-10-30", StartAction: "0", Actions: actions } as unknown as FlowJson;
}

describe("the validator on the largest flows Connect accepts", () => {
  it("validates a 1,300-block tangle of Lambdas, reads and back edges just under 256,000 characters in seconds", () => {
    // GIVEN the tangle, within Connect's content limit
    const flow = largestTangle();
    expect(Array.from(JSON.stringify(flow)).length).toBeLessThanOrEqual(256_000);
    // WHEN it is validated
    const started = Date.now();
    const issues = validateFlow(flow, { flowType: "CONTACT_FLOW" });
    const elapsedMs = Date.now() - started;
    // THEN it finishes in seconds (generous for a loaded CI machine) and still reports what it finds
    expect(elapsedMs).toBeLessThan(15_000);
    expect(issues.some((issue) => issue.code === "TOO_MANY_ACTIONS")).toBe(true);
    expect(issues.some((issue) => issue.code === "EXTERNAL_READ_AFTER_OTHER_LAMBDA")).toBe(true);
  });
});
