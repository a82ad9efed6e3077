import type { FlowAction, FlowIssue } from "../flow-json";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { isIntegerBetween, readNumericParameter } from "./parameter-values";
import { blockIssue, describeBlock, type FlowRule } from "./rule";
import { perActionRule } from "./per-action-rule";
import { ACTION_TYPE } from "./vocabulary";

/** Loop runs 0 to 100 times; a Wait lasts at most 7 days (reference §2.4, §2.8 and §5). */
export const MAX_LOOP_COUNT = 100;
export const MAX_WAIT_SECONDS = 604_800;

/** LoopCount and the Wait time limit are within Connect's ranges, or one whole reference. */
export const rangeRule: FlowRule = perActionRule("ranges", (action) => {
  const issues: FlowIssue[] = [];
  if (action.Type === ACTION_TYPE.Loop) issues.push(...checkLoopCount(action));
  if (action.Type === ACTION_TYPE.Wait) issues.push(...checkWaitTime(action));
  return issues;
});

function checkLoopCount(action: FlowAction): FlowIssue[] {
  const count = readNumericParameter(action.Parameters.LoopCount);
  if (count.kind === "reference") return []; // placement is the reference-placement rule's job
  if (count.kind === "number" && isIntegerBetween(count.value, 0, MAX_LOOP_COUNT)) return [];
  const shown = count.kind === "absent" ? "no LoopCount" : `LoopCount ${JSON.stringify(action.Parameters.LoopCount)}`;
  return [blockIssue(action, "error", FLOW_ISSUE_CODE.LOOP_COUNT_RANGE,
    `${describeBlock(action)} has ${shown}; Connect accepts a whole number from 0 to ${MAX_LOOP_COUNT}, or a single reference such as $.Attributes.retries. Set a count in that range.`)];
}

function checkWaitTime(action: FlowAction): FlowIssue[] {
  const issues: FlowIssue[] = [];
  if (action.Parameters.TimeoutSeconds !== undefined && action.Parameters.TimeLimitSeconds === undefined) {
    issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.WAIT_TIMEOUT_KEY,
      `${describeBlock(action)} sets TimeoutSeconds, the name on the API reference page, but the console and the service use TimeLimitSeconds. Rename the parameter to TimeLimitSeconds.`));
    return issues;
  }
  const limit = readNumericParameter(action.Parameters.TimeLimitSeconds);
  if (limit.kind === "reference") return issues;
  if (limit.kind === "absent") {
    issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.WAIT_TIME_LIMIT_RANGE,
      `${describeBlock(action)} has no TimeLimitSeconds, so nothing bounds how long it waits. Set it to a whole number of seconds from 1 to ${MAX_WAIT_SECONDS}.`));
    return issues;
  }
  if (limit.kind === "number" && isIntegerBetween(limit.value, 1, MAX_WAIT_SECONDS)) return issues;
  const shown = `TimeLimitSeconds ${JSON.stringify(action.Parameters.TimeLimitSeconds)}`;
  issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.WAIT_TIME_LIMIT_RANGE,
    `${describeBlock(action)} has ${shown}; a Wait takes a whole number of seconds from 1 to ${MAX_WAIT_SECONDS} (7 days). Set it in that range.`));
  return issues;
}
