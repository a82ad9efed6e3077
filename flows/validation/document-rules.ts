import { FLOW_LANGUAGE_VERSION, type FlowIssue } from "../flow-json";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { blockIssue, describeBlock, flowIssue, isPlainObject, type FlowRule } from "./rule";
import { KNOWN_ACTION_TYPES } from "./vocabulary";

/** Connect's limits on a whole flow document (reference §1.1 and §5). */
export const MAX_ACTIONS = 250;
// The content-size limit is checked before any rule runs (document-shape.ts): a flow over it is not read further.
export { MAX_CONTENT_CHARACTERS } from "./document-shape";

/**
 * The document envelope: Version, StartAction, the number of actions, and actions that are not even
 * objects with an Identifier and a Type.
 */
export const documentRule: FlowRule = {
  name: "document",
  check({ flow, actions, actionsById }) {
    const issues: FlowIssue[] = [];
    if (flow.Version !== FLOW_LANGUAGE_VERSION) {
      issues.push(flowIssue("error", FLOW_ISSUE_CODE.VERSION_UNSUPPORTED,
        `The flow's Version is ${JSON.stringify(flow.Version)}; Connect accepts only "${FLOW_LANGUAGE_VERSION}". Set "Version": "${FLOW_LANGUAGE_VERSION}".`));
    }
    if (typeof flow.StartAction !== "string" || flow.StartAction === "") {
      issues.push(flowIssue("error", FLOW_ISSUE_CODE.START_ACTION_MISSING,
        `The flow has no StartAction. Set "StartAction" to the Identifier of the block the flow begins with.`));
    } else if (!actionsById.has(flow.StartAction)) {
      issues.push({ severity: "error", blockId: flow.StartAction, code: FLOW_ISSUE_CODE.START_ACTION_MISSING,
        message: `StartAction "${flow.StartAction}" names no block of this flow. Point StartAction at an existing Identifier, or add the block.` });
    }
    const rawActions: ReadonlyArray<unknown> = Array.isArray(flow.Actions) ? flow.Actions : [];
    if (!Array.isArray(flow.Actions)) {
      issues.push(flowIssue("error", FLOW_ISSUE_CODE.ACTION_MALFORMED, `The flow has no "Actions" array. Add "Actions": [ … ] with the flow's blocks.`));
    }
    if (rawActions.length > MAX_ACTIONS) {
      issues.push(flowIssue("error", FLOW_ISSUE_CODE.TOO_MANY_ACTIONS,
        `The flow has ${rawActions.length} actions; Connect accepts at most ${MAX_ACTIONS}. Split it into several flows or flow modules (TransferToFlow, InvokeFlowModule).`));
    }
    rawActions.forEach((raw, index) => {
      if (!isPlainObject(raw) || typeof raw.Identifier !== "string" || typeof raw.Type !== "string") {
        issues.push(flowIssue("error", FLOW_ISSUE_CODE.ACTION_MALFORMED,
          `Action #${index + 1} is not an object with a string "Identifier" and a string "Type". Give every action both.`));
      } else if (raw.Transitions !== undefined && !isPlainObject(raw.Transitions)) {
        issues.push({ severity: "error", blockId: raw.Identifier, code: FLOW_ISSUE_CODE.ACTION_MALFORMED,
          message: `${raw.Type} block "${raw.Identifier}" has "Transitions" that is not an object. Write {} for a terminal block, or { "NextAction": … }.` });
      }
    });
    for (const action of actions) {
      if (!KNOWN_ACTION_TYPES.has(action.Type)) {
        issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.ACTION_TYPE_UNKNOWN,
          `${describeBlock(action)} has a Type this validator does not know; check its spelling against the flow-language action list (types are case-sensitive, e.g. "InvokeLambdaFunction").`));
      }
    }
    return issues;
  },
};
