import { buildDemoFlow } from "../../../flows/demo";
import { validateFlow } from "../../../flows/validate";

describe("the validator on the project's demo flow", () => {
  it("finds nothing to report: the async macro's reads of $.External are all fresh", () => {
    // GIVEN the demo flow built with placeholder function ARNs
    const flow = buildDemoFlow({
      startFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:s",
      pollFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:p",
    });
    // WHEN it is validated
    // THEN there are neither errors nor warnings
    expect(validateFlow(flow)).toEqual([]);
  });
});
