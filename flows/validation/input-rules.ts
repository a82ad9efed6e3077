import type { FlowAction, FlowIssue } from "../flow-json";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { scalarText } from "./parameter-values";
import { blockIssue, describeBlock, isPlainObject, type FlowRule } from "./rule";
import { perActionRule } from "./per-action-rule";
import { ACTION_TYPE } from "./vocabulary";

/** A DTMF termination sequence has at most five keys (reference §2.14). */
export const MAX_TERMINATION_KEYS = 5;

/** Routing targets are a queue or an agent, and customer input is validated the way Connect requires. */
export const inputRule: FlowRule = perActionRule("inputs-and-routing", (action) => {
  const issues: FlowIssue[] = [];
  if (action.Type === ACTION_TYPE.UpdateContactTargetQueue || action.Type === ACTION_TYPE.DequeueContactAndTransferToQueue) {
    if (action.Parameters.QueueId !== undefined && action.Parameters.AgentId !== undefined) {
      issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.QUEUE_AND_AGENT,
        `${describeBlock(action)} sets both QueueId and AgentId; they are mutually exclusive. Keep the queue or the agent.`));
    }
  }
  if (action.Type === ACTION_TYPE.GetParticipantInput) issues.push(...checkInput(action));
  return issues;
});

function checkInput(action: FlowAction): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const storeInput = scalarText(action.Parameters.StoreInput).toLowerCase() === "true";
  const validation = action.Parameters.InputValidation;
  if (storeInput && !isPlainObject(validation)) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.INPUT_VALIDATION,
      `${describeBlock(action)} stores the input (StoreInput "True") without InputValidation. Add { "CustomValidation": { "MaximumLength": "…" } } or { "PhoneNumberValidation": { "NumberFormat": "E164" } }.`));
  }
  if (!storeInput && validation !== undefined) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.INPUT_VALIDATION,
      `${describeBlock(action)} has InputValidation but does not store the input. Set StoreInput to "True", or remove InputValidation.`));
  }
  if (isPlainObject(validation) && validation.PhoneNumberValidation !== undefined && validation.CustomValidation !== undefined) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.INPUT_VALIDATION,
      `${describeBlock(action)} sets both PhoneNumberValidation and CustomValidation; choose one.`));
  }
  if (action.Parameters.InputEncryption !== undefined && !(isPlainObject(validation) && validation.CustomValidation !== undefined)) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.INPUT_VALIDATION,
      `${describeBlock(action)} encrypts input without CustomValidation; InputEncryption works only with CustomValidation. Add CustomValidation or remove InputEncryption.`));
  }
  const dtmf = action.Parameters.DTMFConfiguration;
  const sequence = isPlainObject(dtmf) ? dtmf.InputTerminationSequence : undefined;
  if (typeof sequence === "string" && sequence.length > MAX_TERMINATION_KEYS) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.DTMF_TERMINATOR,
      `${describeBlock(action)} has the termination sequence "${sequence}" (${sequence.length} keys); Connect accepts at most ${MAX_TERMINATION_KEYS}. Shorten it.`));
  }
  return issues;
}
