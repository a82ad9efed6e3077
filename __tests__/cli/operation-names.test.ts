import { readStackModel } from "../../bin/project/stack-model";

// Issue 17 H7 in bin/: operation names come from the synthesized settings (user input), and an operation
// named "__proto__" must stay a key of the operations map, not become its prototype.
function stackWithOperations(operations: object): Parameters<typeof readStackModel>[0] {
  const lambda = (bundle: string) => ({
    function_name: `billing-${bundle}`,
    filename: `assets/${bundle}.zip`,
    environment: { variables: { TABLE_NAME: "billing-status", OPERATIONS: JSON.stringify(operations) } },
  });
  // Parsed from text, as the synthesized cdk.tf.json is: JSON.parse makes "__proto__" an own key.
  const json = JSON.parse(JSON.stringify({ resource: { aws_lambda_function: { start: lambda("start"), poll: lambda("poll") } } }));
  return { name: "billing", dir: "/nonexistent", json, annotations: [] };
}

describe("the stack model's operations map", () => {
  it("keeps an operation named __proto__ as an ordinary key, beside the others", () => {
    // GIVEN settings for "__proto__" and "balance", parsed from JSON text
    const settings = JSON.parse('{"__proto__": {"timeoutSeconds": 30}, "balance": {"timeoutSeconds": 20}}') as object;
    // WHEN the stack model is read
    const operations = readStackModel(stackWithOperations(settings)).bridges[0]!.operations;
    // THEN both are own keys with their own settings, and the map's prototype is untouched
    expect(Object.keys(operations)).toEqual(["__proto__", "balance"]);
    expect(Object.getOwnPropertyDescriptor(operations, "__proto__")?.value).toMatchObject({ name: "__proto__", timeoutSeconds: 30 });
    expect(Object.getPrototypeOf(operations)).toBe(Object.prototype);
  });
});
