/**
 * The operation `wrap` asks the user to add, written out for them: as a ConnectAsyncBridge entry in
 * TypeScript, and as Terraform variables for a module that takes the operations as a variable.
 */
import { LambdaResponseType } from "../private/parameter-value";
import { START_ARN_PLACEHOLDER, POLL_ARN_PLACEHOLDER, type SuggestedOperation } from "./wrap-flow";

/** The `operations` entry for `new ConnectAsyncBridge(this, "bridge", { …, operations: [ … ] })`. */
export function bridgeOperationSnippet(operation: SuggestedOperation): string {
  const lines = [
    "operations: [",
    "  {",
    `    name: ${JSON.stringify(operation.name)},`,
    `    // The Lambda the flow called directly: it now runs behind Step Functions and gets the same Connect event.`,
    `    target: ${JSON.stringify(operation.target)},`,
    `    inputs: [${operation.inputs.map((input) => JSON.stringify(input)).join(", ")}],`,
    `    timeoutSeconds: ${operation.timeoutSeconds},`,
    ...(operation.responseType === LambdaResponseType.JSON ? [`    responseType: "JSON",`] : []),
    "  },",
    "],",
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * The same operation as an entry of the generic Terraform module's `operations` map (terraform/
 * connect-async: a map keyed by operation name), in HCL for a tfvars file.
 */
export function terraformOperationSnippet(operation: SuggestedOperation): string {
  const fields = [
    `target = ${JSON.stringify(operation.target)}`,
    `inputs = [${operation.inputs.map((input) => JSON.stringify(input)).join(", ")}]`,
    `timeout_seconds = ${operation.timeoutSeconds}`,
    ...(operation.responseType === LambdaResponseType.JSON ? [`response_type = "JSON"`] : []),
  ];
  return `operations = {\n  ${JSON.stringify(operation.name)} = { ${fields.join(", ")} }\n}\n`;
}

/** What to do about placeholder ARNs left in the flow, or nothing when real ARNs were given. */
export function placeholderAdvice(flowText: string): string | undefined {
  const used = [START_ARN_PLACEHOLDER, POLL_ARN_PLACEHOLDER].filter((placeholder) => flowText.includes(placeholder));
  if (used.length === 0) return undefined;
  return `The flow calls the bridge's Lambdas through the placeholders ${used.join(" and ")}: render it with Terraform's templatefile() (content = templatefile("wrapped.json", { connect_async_start_function_arn = …, connect_async_poll_function_arn = … })), or run wrap again with --start-arn and --poll-arn.`;
}
