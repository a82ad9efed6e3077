/**
 * `wrap`'s output as a Terraform template. When the bridge's ARNs (or the hold music) are not given, the
 * wrapped flow names them by `templatefile()` variables, and the flow is rendered by Terraform:
 * `content = templatefile("wrapped.json", { … })`. Terraform then reads every other `${` and `%{` in the file
 * as template syntax too, so the flow's own (a CloudFormation `${AWS::StackName}` kept in a prompt, a
 * placeholder of another template step) must be escaped as `$${` and `%%{`, which render back to themselves.
 *
 * @see https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences-1
 */
import type { FlowJson } from "../flow-json";

/** The `templatefile()` variables wrap may leave in a flow, by what they stand for. */
export const WRAP_TEMPLATE_VARIABLE = {
  start: "connect_async_start_function_arn",
  poll: "connect_async_poll_function_arn",
  holdPrompt: "connect_async_hold_prompt_arn",
} as const;
export type WrapTemplateVariable = (typeof WRAP_TEMPLATE_VARIABLE)[keyof typeof WRAP_TEMPLATE_VARIABLE];

/**
 * Values shaped like what Terraform fills in (account 000000000000, which no real account has), for checks
 * that need the flow as it will be imported, e.g. the validator.
 */
export const WRAP_TEMPLATE_STAND_INS: ReadonlyMap<string, string> = new Map<string, string>([
  [WRAP_TEMPLATE_VARIABLE.start, "arn:aws:lambda:us-east-1:000000000000:function:connect-async-start"],
  [WRAP_TEMPLATE_VARIABLE.poll, "arn:aws:lambda:us-east-1:000000000000:function:connect-async-poll"],
  [WRAP_TEMPLATE_VARIABLE.holdPrompt, "arn:aws:connect:us-east-1:000000000000:instance/00000000-0000-4000-8000-000000000000/prompt/00000000-0000-4000-8000-000000000000"],
]);

/** How a variable appears in the flow: the whole value of a field. */
export function templateReference(variable: WrapTemplateVariable): string {
  return `\${${variable}}`;
}

/** The variables `flow` uses (in the order of {@link WRAP_TEMPLATE_VARIABLE}). */
export function templateVariablesOf(flow: FlowJson): WrapTemplateVariable[] {
  const values = new Set<string>();
  collectStrings(flow, values);
  return Object.values(WRAP_TEMPLATE_VARIABLE).filter((variable) => values.has(templateReference(variable)));
}

/**
 * The flow as the template file's content: every string that is not one of wrap's variables gets its `${` and
 * `%{` escaped. Never mutates `flow`.
 */
export function escapeForTemplatefile(flow: FlowJson): FlowJson {
  const ours = new Set<string>(Object.values(WRAP_TEMPLATE_VARIABLE).map(templateReference));
  // Replacement functions, not strings: in a replacement string "$$" would mean one "$".
  return mapStrings(flow, (text) => (ours.has(text) ? text : text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{"))) as FlowJson;
}

/** What the template needs from Terraform. */
export interface TemplatefileSnippetOptions {
  /** The variables the flow uses. */
  readonly variables: ReadonlyArray<WrapTemplateVariable>;
  /** The file the wrapped flow was written to. @default "wrapped.json" */
  readonly file?: string;
  /** The instance prompt the hold music is looked up by, when the flow uses the hold-prompt variable. */
  readonly holdPromptName?: string;
}

/**
 * HCL that renders the template: the prompt looked up by name (as the demo stack does, with the
 * aws_connect_prompt data source), and the bridge's functions from the generic module's outputs.
 */
export function templatefileSnippet(options: TemplatefileSnippetOptions): string {
  const file = options.file ?? "wrapped.json";
  const value: { readonly [variable in WrapTemplateVariable]: string } = {
    [WRAP_TEMPLATE_VARIABLE.start]: "module.connect_async.start_function_arn",
    [WRAP_TEMPLATE_VARIABLE.poll]: "module.connect_async.poll_function_arn",
    [WRAP_TEMPLATE_VARIABLE.holdPrompt]: "data.aws_connect_prompt.hold_music.arn",
  };
  const width = Math.max(...options.variables.map((variable) => variable.length));
  const lines: string[] = [];
  if (options.variables.includes(WRAP_TEMPLATE_VARIABLE.holdPrompt)) {
    lines.push(
      "# Hold music every Connect instance has; the plan fails early, naming it, if yours lacks it.",
      `data "aws_connect_prompt" "hold_music" {`,
      "  instance_id = var.connect_instance_id",
      `  name        = ${JSON.stringify(options.holdPromptName ?? "CustomerQueue.wav")}`,
      "}",
      "",
    );
  }
  lines.push(
    `resource "aws_connect_contact_flow" "wrapped" {`,
    "  instance_id = var.connect_instance_id",
    `  name        = "wrapped"`,
    `  type        = "CONTACT_FLOW"`,
    `  content = templatefile("\${path.module}/${file}", {`,
    ...options.variables.map((variable) => `    ${variable.padEnd(width)} = ${value[variable]}`),
    "  })",
    "}",
  );
  return `${lines.join("\n")}\n`;
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === "string") into.add(value);
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, into));
  else if (typeof value === "object" && value !== null) Object.values(value).forEach((item) => collectStrings(item, into));
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === "string") return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, mapStrings(child, map)]));
  return value;
}
