import type { FlowAction, FlowIssue, FlowParameterValue } from "../flow-json";
import { findPlaceholders, isResourceField, PlaceholderSyntax, type Placeholder } from "../template/placeholders";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { blockIssue, describeBlock, isPlainObject, type FlowRule } from "./rule";
import { perActionRule } from "./per-action-rule";

/**
 * Placeholders where an ARN, an id or a prompt goes (flows/template/placeholders.ts): one warning each, saying
 * to substitute it before import. A warning, not an error, so a repository that keeps its flows as templates
 * can validate them in CI; `validate --strict` (or build-flows' list) catches one left in a flow to import.
 * A malformed literal stays an error of its own rule (e.g. PROMPT_ID_MALFORMED).
 */
export const placeholderRule: FlowRule = perActionRule("template-placeholders", (action, { options }) => {
  const issues: FlowIssue[] = [];
  for (const { where, value } of resourceFieldStrings(action)) {
    for (const placeholder of findPlaceholders(value, { text: true, terraformResolves: options.terraformResolvesReferences })) {
      issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.TEMPLATE_PLACEHOLDER, message(action, placeholder, where)));
    }
  }
  return issues;
});

/** Every string in the action's Parameters under a key that names an ARN, an id or a prompt location. */
function resourceFieldStrings(action: FlowAction): Array<{ readonly where: string; readonly value: string }> {
  const found: Array<{ where: string; value: string }> = [];
  const visit = (value: FlowParameterValue | undefined, where: string, key: string): void => {
    if (typeof value === "string") {
      if (isResourceField(key)) found.push({ where, value });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${where}[${index}]`, key));
    } else if (isPlainObject(value)) {
      for (const [child, item] of Object.entries(value)) visit(item as FlowParameterValue, `${where}.${child}`, child);
    }
  };
  for (const [key, value] of Object.entries(action.Parameters)) visit(value, `Parameters.${key}`, key);
  return found;
}

/** How messages name each syntax. */
const SYNTAX_NAME: ReadonlyMap<PlaceholderSyntax, string> = new Map<PlaceholderSyntax, string>([
  [PlaceholderSyntax.Percent, "a CDK-style %Name% placeholder"],
  [PlaceholderSyntax.Interpolation, "a ${…} templatefile, Fn::Sub or Terraform placeholder"],
  [PlaceholderSyntax.Braces, "a {{name}} template placeholder"],
]);

function message(action: FlowAction, placeholder: Placeholder, where: string): string {
  if (placeholder.syntax === PlaceholderSyntax.Text) {
    return `${describeBlock(action)} has the placeholder text ${JSON.stringify(shorten(placeholder.text))} in ${where}, not a value Connect can use. ` +
      "Put the real ARN or id there before importing the flow (Connect would take the text literally).";
  }
  return `${describeBlock(action)} has the placeholder ${JSON.stringify(shorten(placeholder.text))} (${SYNTAX_NAME.get(placeholder.syntax) ?? placeholder.syntax}) in ${where}. ` +
    `Substitute it before importing the flow: Connect takes it literally. In a connect-async project, build-flows --set ${JSON.stringify(`${shorten(placeholder.name)}=…`)} writes the flow with it filled in.`;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
