/**
 * The operation `wrap` asks the user to add, written out for them: as a ConnectAsyncBridge entry in
 * TypeScript, and as Terraform variables for a module that takes the operations as a variable.
 */
import { LambdaResponseType } from "../private/parameter-value";
import type { SuggestedOperation } from "./wrap-flow";

/**
 * The target to write, and a comment when it is not simply the block's ARN. A block that names its Lambda at
 * run time gets the one ARN the flow sets the attribute to, or a stand-in that is plainly not an ARN, so the
 * reference is never offered as one.
 */
function targetOf(operation: SuggestedOperation): { readonly value: string; readonly comment?: string } {
  const dynamic = operation.dynamicTarget;
  if (dynamic === undefined) return { value: operation.target ?? "" };
  if (dynamic.values.length === 1) return { value: dynamic.values[0]!, comment: `The block names its Lambda at run time (${dynamic.reference}); the flow sets it to this ARN.` };
  return { value: `<the ARN of the Lambda ${dynamic.reference} names>`, comment: `The block names its Lambda at run time (${dynamic.reference}): put that Lambda's ARN here.` };
}

/** The `operations` entry for `new ConnectAsyncBridge(this, "bridge", { …, operations: [ … ] })`. */
export function bridgeOperationSnippet(operation: SuggestedOperation): string {
  const lines = [
    "operations: [",
    "  {",
    `    name: ${JSON.stringify(operation.name)},`,
    `    // The Lambda the flow called directly: it now runs behind Step Functions and gets the same Connect event.`,
    ...[targetOf(operation).comment].filter((comment): comment is string => comment !== undefined).map((comment) => `    // ${comment}`),
    `    target: ${JSON.stringify(targetOf(operation).value)},`,
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
    `target = ${JSON.stringify(targetOf(operation).value)}`,
    `inputs = [${operation.inputs.map((input) => JSON.stringify(input)).join(", ")}]`,
    `timeout_seconds = ${operation.timeoutSeconds}`,
    ...(operation.responseType === LambdaResponseType.JSON ? [`response_type = "JSON"`] : []),
  ];
  const comment = targetOf(operation).comment;
  return `${comment === undefined ? "" : `# ${comment}\n`}operations = {\n  ${JSON.stringify(operation.name)} = { ${fields.join(", ")} }\n}\n`;
}
