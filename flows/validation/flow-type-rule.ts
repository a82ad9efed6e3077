import type { FlowIssue } from "../flow-json";
import { ActionType } from "../flow-language";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { FlowType } from "./flow-type";
import { blockIssue, describeBlock, type FlowRule } from "./rule";

const TRANSFER_FLOWS = [FlowType.AGENT_TRANSFER, FlowType.QUEUE_TRANSFER] as const;

/**
 * The flow types each action's Restrictions section allows, where the pages restrict them (reference §2:
 * 2.2 Play prompt, 2.3 Loop prompts, 2.8 Wait per the admin guide, 2.10 Transfer to queue, 2.11 Set working
 * queue, 2.15 Invoke module). Actions not listed are allowed everywhere, or the docs do not say. A Map: the
 * action type comes from the flow, so it must never find Object.prototype's members.
 */
const ALLOWED_FLOW_TYPES: ReadonlyMap<string, ReadonlyArray<FlowType>> = new Map(Object.entries({
  [ActionType.MessageParticipant]: [FlowType.CONTACT_FLOW, ...TRANSFER_FLOWS, FlowType.CUSTOMER_WHISPER, FlowType.AGENT_WHISPER, FlowType.OUTBOUND_WHISPER, FlowType.CUSTOMER_QUEUE],
  [ActionType.MessageParticipantIteratively]: [FlowType.CUSTOMER_QUEUE, FlowType.CUSTOMER_HOLD, FlowType.AGENT_HOLD],
  [ActionType.Wait]: [FlowType.CONTACT_FLOW, FlowType.CUSTOMER_QUEUE],
  [ActionType.TransferContactToQueue]: [FlowType.CONTACT_FLOW, ...TRANSFER_FLOWS],
  [ActionType.UpdateContactTargetQueue]: [FlowType.CONTACT_FLOW, ...TRANSFER_FLOWS],
  [ActionType.InvokeFlowModule]: [FlowType.CONTACT_FLOW],
}));

/**
 * Blocks whose documented restrictions exclude the flow's type. A warning, not an error: the
 * documentation and the console disagree in places (reference §10), and Connect's publish is the judge.
 * Runs only when the flow type is known (`ValidateFlowOptions.flowType`).
 */
export const flowTypeRule: FlowRule = {
  name: "flow type",
  check({ actions, options }) {
    const flowType = options.flowType;
    if (flowType === undefined) return [];
    const issues: FlowIssue[] = [];
    for (const action of actions) {
      const allowed = ALLOWED_FLOW_TYPES.get(action.Type);
      if (allowed === undefined || allowed.includes(flowType)) continue;
      issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.ACTION_NOT_IN_FLOW_TYPE,
        `${describeBlock(action)} is documented for ${allowed.join(", ")} flows, not ${flowType}; Connect may refuse to publish it or fail it at run time. Move it to a flow of a supported type.`));
    }
    return issues;
  },
};
