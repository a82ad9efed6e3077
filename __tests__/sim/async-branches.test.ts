import { findAsyncFunctionArns } from "../../flows/recognise/async-functions";
import { findAsyncBranches } from "../../flows/recognise/outcome-transitions";
import { SIMULATED_LONG_POLL_ARN, SIMULATED_POLL_ARN, SIMULATED_START_ARN, simulatedDemoFlow } from "../../sim/world/demo-world";

describe("finding the async macro's outcomes in flow JSON", () => {
  it("finds the success, failure and timeout transitions of the demo flow's macro", () => {
    // GIVEN the demo flow, WHEN its macro transitions are found
    const flow = simulatedDemoFlow();
    const branches = findAsyncBranches(flow);
    const textOf = (id: string) => flow.Actions.find((action) => action.Identifier === id)?.Parameters.Text;
    const targets = (outcome: string) => new Set(branches.filter((branch) => branch.outcome === outcome).map((branch) => textOf(branch.to)));
    // THEN each outcome leads to the prompt the demo plays for it
    expect(targets("success")).toEqual(new Set([expect.stringMatching(/^Your account is/)]));
    expect(targets("failure")).toEqual(new Set(["Sorry, we could not look up your account right now."]));
    expect(targets("timeout")).toEqual(new Set(["Sorry, this is taking longer than expected."]));
    // every status check (start's, and each poll's of either channel) leads to success
    const statusChecks = flow.Actions.filter((action) => action.Type === "Compare" && action.Parameters.ComparisonValue === "$.External.asyncStatus");
    expect(statusChecks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(branches.filter((branch) => branch.outcome === "success").map((branch) => branch.from))).toEqual(new Set(statusChecks.map((check) => check.Identifier)));
  });

  it("recognises the macro's start and poll Lambdas by the parameters it sends", () => {
    // the event strategy waits with the long poll and falls back to a synchronous poll: both run poll's handler
    expect(findAsyncFunctionArns(simulatedDemoFlow())).toEqual({ start: new Set([SIMULATED_START_ARN]), poll: new Set([SIMULATED_POLL_ARN, SIMULATED_LONG_POLL_ARN]) });
  });
});
