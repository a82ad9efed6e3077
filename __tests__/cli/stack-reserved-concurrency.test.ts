/**
 * The simulator takes each function's reserved concurrency from the synthesized stack
 * (`reserved_concurrent_executions`), so a crowd meets the pools the user deploys.
 */
import { readStackModel } from "../../bin/project/stack-model";
import type { TerraformJson } from "../../bin/project/terraform-json";

function stackWith(lambdas: { readonly [name: string]: { readonly [argument: string]: unknown } }, variables: { readonly [name: string]: unknown } = {}) {
  const json = {
    variable: Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, { default: value }])),
    resource: { aws_lambda_function: lambdas },
  } as unknown as TerraformJson;
  return readStackModel({ name: "app", dir: "/nowhere", json, annotations: [] });
}

describe("reserved concurrency from the stack", () => {
  it("reads a number, a variable's default, and leaves -1 or absent as unreserved", () => {
    // GIVEN four functions: reserved 300 through a variable, 5 literally, -1 (unreserved), and none
    const model = stackWith(
      {
        long_poll: { function_name: "app-long-poll", reserved_concurrent_executions: "${var.long_poll_reserve}" },
        start: { function_name: "app-start", reserved_concurrent_executions: 5 },
        poll: { function_name: "app-poll", reserved_concurrent_executions: -1 },
        other: { function_name: "app-other" },
      },
      { long_poll_reserve: 300 },
    );
    // THEN each function carries what AWS would reserve for it
    const reserved = Object.fromEntries(model.functions.map((fn) => [fn.functionName, fn.reservedConcurrency]));
    expect(reserved).toEqual({ "app-long-poll": 300, "app-start": 5, "app-poll": undefined, "app-other": undefined });
  });
});
