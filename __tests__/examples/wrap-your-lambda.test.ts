import { Testing } from "cdktf";
import { BillingStack } from "../../examples/wrap-your-lambda";
import { validateFlow } from "../../flows/validate";
import type { FlowJson } from "../../flows/flow-json";

type Resources = { [type: string]: { [name: string]: { [argument: string]: unknown } } };

describe("the README's wrap-your-Lambda example", () => {
  let resources: Resources;
  beforeAll(() => {
    // GIVEN the example stack exactly as the README shows it
    const stack = new BillingStack(Testing.app(), "billing");
    // WHEN it is synthesized
    resources = (JSON.parse(Testing.synth(stack)) as { resource: Resources }).resource;
  });

  it("lets the wrapped Lambda's state machine invoke exactly that Lambda", () => {
    // THEN the state machine's definition targets the legacy function, unchanged
    const [machine] = Object.values(resources.aws_sfn_state_machine);
    expect(String(machine.definition)).toContain("arn:aws:lambda:eu-west-2:123456789012:function:legacy-balance-lookup");
    expect(machine.type).toBe("EXPRESS");
  });

  it("deploys a contact flow that validates clean and calls the bridge's start and poll functions", () => {
    // THEN the flow content is valid flow language without errors or warnings…
    const [flowResource] = Object.values(resources.aws_connect_contact_flow);
    const flow = JSON.parse(String(flowResource.content)) as FlowJson;
    expect(validateFlow(flow).filter((issue) => issue.severity === "error")).toEqual([]);
    // …and its Lambda blocks reference the bridge's functions by Terraform reference
    const invoked = new Set(flow.Actions.filter((a) => a.Type === "InvokeLambdaFunction").map((a) => a.Parameters.LambdaFunctionARN));
    expect([...invoked].sort()).toEqual(
      Object.keys(resources.aws_lambda_function)
        // the loop strategy calls start and poll; the long-poll function serves the event strategy only
        .filter((name) => /_(start|poll)_function_/.test(name))
        .map((name) => `\${aws_lambda_function.${name}.arn}`)
        .sort(),
    );
  });
});
