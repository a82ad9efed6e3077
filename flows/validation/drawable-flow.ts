import type { FlowJson } from "../flow-json";
import { formatFlowIssue } from "../flow-validation-error";
import { documentShapeIssues } from "./document-shape";
import { documentRule } from "./document-rules";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { resolveValidateFlowOptions } from "./options";
import { createRuleContext, isActionObject, isPlainObject, normalizeAction } from "./rule";
import { transitionRule } from "./transition-rules";

/**
 * A flow a renderer can walk without guarding every member. Refused, with the validator's own messages,
 * when the document is malformed: not an object, nested too deep, over the content limit, or with actions
 * or transitions of the wrong shape (a diagram that silently dropped them would mislead a reviewer).
 * Otherwise each action is in the normal form the rules see (objects for Parameters and Transitions).
 * Dangling targets and the like are drawn: the renderer marks them.
 * @returns the flow to draw, or the reason it cannot be drawn
 */
export function drawableFlow(flow: unknown): { readonly ok: true; readonly flow: FlowJson } | { readonly ok: false; readonly problem: string } {
  const stopping = documentShapeIssues(flow);
  if (stopping.length > 0) return { ok: false, problem: stopping[0].message };
  const document = flow as FlowJson;
  const context = createRuleContext(document, resolveValidateFlowOptions());
  const malformed = [...documentRule.check(context), ...transitionRule.check(context)].filter((issue) => issue.code === FLOW_ISSUE_CODE.ACTION_MALFORMED);
  if (malformed.length > 0) {
    const shown = malformed.slice(0, 3).map(formatFlowIssue).join(" ");
    const more = malformed.length > 3 ? ` And ${malformed.length - 3} more.` : "";
    return { ok: false, problem: `is not a well-formed flow, so it is not drawn. ${shown}${more} Fix these first; \`connect-async validate\` lists every problem.` };
  }
  const actions = (Array.isArray(document.Actions) ? document.Actions : []).filter(isActionObject).map(normalizeAction);
  return {
    ok: true,
    flow: {
      Version: typeof document.Version === "string" ? document.Version : "",
      StartAction: typeof document.StartAction === "string" ? document.StartAction : "",
      ...(isPlainObject(document.Metadata) ? { Metadata: document.Metadata } : {}),
      Actions: actions,
    },
  };
}
