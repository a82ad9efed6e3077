import type { FlowAction, FlowCondition, FlowIssue } from "../flow-json";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { ActionResult } from "../flow-language";
import { scalarText } from "./parameter-values";
import { blockIssue, describeBlock, isPlainObject, type FlowRule } from "./rule";
import { perActionRule } from "./per-action-rule";
import { ACTION_TYPE, CONDITION_OPERATOR, CONDITION_OPERATORS, ERROR_TYPE } from "./vocabulary";

/** Condition limits from the flow-language action page (reference §1.2). */
export const MAX_CONDITION_DEPTH = 5;
export const MAX_SUB_CONDITIONS = 50;

/** Every condition uses a documented operator, has operands, and stays within the nesting limits. */
export const conditionShapeRule: FlowRule = perActionRule("condition-shape", (action) => {
  const issues: FlowIssue[] = [];
  (action.Transitions.Conditions ?? []).forEach((transition, index) => {
    if (!isPlainObject(transition?.Condition)) return;
    const where = `${describeBlock(action)}, condition #${index + 1}`;
    const stats = { depth: 0, subConditions: 0 };
    walkCondition(transition.Condition, 1, stats, (condition) => issues.push(...checkOneCondition(action, where, condition)));
    if (stats.depth > MAX_CONDITION_DEPTH || stats.subConditions > MAX_SUB_CONDITIONS) {
      issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.CONDITION_TOO_COMPLEX,
        `${where} nests ${stats.depth} levels with ${stats.subConditions} sub-conditions; Connect allows at most ${MAX_CONDITION_DEPTH} levels and ${MAX_SUB_CONDITIONS} sub-conditions. Split the decision over several blocks.`));
    }
  });
  return issues;
});

function walkCondition(condition: FlowCondition, depth: number, stats: { depth: number; subConditions: number }, visit: (c: FlowCondition) => void): void {
  stats.depth = Math.max(stats.depth, depth);
  visit(condition);
  for (const operand of Array.isArray(condition.Operands) ? condition.Operands : []) {
    if (isPlainObject(operand)) {
      stats.subConditions += 1;
      walkCondition(operand as unknown as FlowCondition, depth + 1, stats, visit);
    }
  }
}

function checkOneCondition(action: FlowAction, where: string, condition: FlowCondition): FlowIssue[] {
  const issues: FlowIssue[] = [];
  if (!CONDITION_OPERATORS.has(condition.Operator)) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.CONDITION_OPERATOR_UNKNOWN,
      `${where} uses the operator ${JSON.stringify(condition.Operator)}, which Connect does not know. Use one of ${[...CONDITION_OPERATORS].join(", ")} (there is no NumberEquals: use Equals).`));
  }
  const operands: unknown = condition.Operands;
  if (!Array.isArray(operands) || operands.length === 0) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.CONDITION_OPERANDS_INVALID,
      `${where} has no operands. Give "Operands" a list with the value to compare with, e.g. ["1"].`));
  } else if (operands.some((operand) => !["string", "number"].includes(typeof operand) && !isPlainObject(operand))) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.CONDITION_OPERANDS_INVALID,
      `${where} has an operand that is neither a string nor a nested condition. Write operands as strings, e.g. ["1"].`));
  } else if (CONDITION_OPERATORS.has(condition.Operator) && operands.length !== 1) {
    issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.CONDITION_OPERANDS_INVALID,
      `${where} gives ${condition.Operator} ${operands.length} operands; it compares with exactly one. Use one condition per value.`));
  }
  return issues;
}

/** The "Equals <operand>" conditions of an action, as operand strings. */
function equalsOperands(action: FlowAction): string[] {
  return (action.Transitions.Conditions ?? [])
    .filter((transition) => transition?.Condition?.Operator === CONDITION_OPERATOR.Equals)
    .map((transition) => scalarText(firstOperand(transition.Condition)));
}

/** The first operand of a condition, whatever `Operands` holds. */
function firstOperand(condition: FlowCondition): unknown {
  return Array.isArray(condition.Operands) ? condition.Operands[0] : undefined;
}

function conditionCount(action: FlowAction): number {
  return action.Transitions.Conditions?.length ?? 0;
}

function errorTypes(action: FlowAction): Set<string> {
  return new Set((action.Transitions.Errors ?? []).map((entry) => entry?.ErrorType));
}

function isStoreInput(action: FlowAction): boolean {
  return scalarText(action.Parameters.StoreInput).toLowerCase() === "true";
}

/** Blocks whose result is fixed by Connect need exactly the documented branches (reference §2 and §11.5). */
export const branchSetRule: FlowRule = perActionRule("branch-sets", (action) => {
  const issues: FlowIssue[] = [];
  const check = BRANCH_CHECKS.get(action.Type);
  if (check) issues.push(...check(action));
  if (TYPES_WITHOUT_RESULT.has(action.Type)) issues.push(...conditionsNotSupported(action));
  return issues;
});

const LOOP_RESULTS = ["ContinueLooping", "DoneLooping"];
const HOURS_RESULTS = ["True", "False"];
const WAIT_COMPLETED = ActionResult.WaitCompleted;
const CONTINUE = ActionResult.Continue;
/** [Admin] wait.html: each event branch gets a static name of up to 100 characters. */
export const MAX_EVENT_BRANCH_NAME = 100;
const MESSAGES_INTERRUPTED = "MessagesInterrupted";
const DTMF_DIGIT = /^[0-9*#]$/;

/** Types whose blocks produce no result, so conditions on them are never evaluated. */
const TYPES_WITHOUT_RESULT: ReadonlySet<string> = new Set([
  ACTION_TYPE.InvokeLambdaFunction, ACTION_TYPE.MessageParticipant, ACTION_TYPE.UpdateContactAttributes,
  ACTION_TYPE.UpdateFlowAttributes, ACTION_TYPE.UpdateContactTargetQueue, ACTION_TYPE.TransferContactToQueue,
  ACTION_TYPE.TransferToFlow, ACTION_TYPE.InvokeFlowModule, ACTION_TYPE.LoadLambdaFunctionResult,
]);

const BRANCH_CHECK_TABLE: { readonly [type: string]: (action: FlowAction) => FlowIssue[] } = {
  [ACTION_TYPE.Loop]: (action) => {
    const operands = equalsOperands(action);
    const missing = LOOP_RESULTS.filter((result) => !operands.includes(result));
    const extra = conditionCount(action) - (LOOP_RESULTS.length - missing.length);
    if (missing.length === 0 && extra === 0) return [];
    return [blockIssue(action, "error", FLOW_ISSUE_CODE.LOOP_CONDITIONS,
      `${describeBlock(action)} must have exactly two conditions, Equals "ContinueLooping" and Equals "DoneLooping"` +
      `${missing.length > 0 ? `; it lacks ${missing.map((m) => `"${m}"`).join(" and ")}` : ""}${extra > 0 ? `; it has ${extra} other condition(s)` : ""}. ` +
      `Add the missing branch (DoneLooping usually goes where NextAction goes) and remove any other condition.`)];
  },
  [ACTION_TYPE.CheckHoursOfOperation]: (action) => {
    const operands = equalsOperands(action);
    const issues: FlowIssue[] = [];
    const missing = HOURS_RESULTS.filter((result) => !operands.includes(result));
    if (missing.length > 0) {
      issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.HOURS_CONDITIONS,
        `${describeBlock(action)} needs the conditions Equals "True" (in hours) and Equals "False" (out of hours); it lacks ${missing.map((m) => `"${m}"`).join(" and ")}. Add the missing branch.`));
    }
    const extra = conditionCount(action) - (HOURS_RESULTS.length - missing.length);
    if (extra > 0) {
      issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.HOURS_EXTRA_CONDITION,
        `${describeBlock(action)} has ${extra} condition(s) besides True and False; the flow language documents only those two. Check that the extra branches are holiday overrides the console created.`));
    }
    return issues;
  },
  [ACTION_TYPE.Wait]: checkWaitBranches,
  [ACTION_TYPE.LoadLambdaFunctionResult]: (action) => {
    const missing = [ERROR_TYPE.NoMatchingError, ERROR_TYPE.InProgress].filter((type) => !errorTypes(action).has(type));
    if (missing.length === 0) return [];
    return [blockIssue(action, "error", FLOW_ISSUE_CODE.LOAD_RESULT_BRANCHES,
      `${describeBlock(action)} lacks the error branch(es) ${missing.map((m) => `"${m}"`).join(" and ")}; Load result needs NoMatchingError (the invocation failed) and InProgress (it has not returned yet). ` +
      `Add { "ErrorType": "…", "NextAction": … } for each; InProgress usually leads back to a wait or to the next round.`)];
  },
  [ACTION_TYPE.Compare]: (action) => requireErrorType(action, ERROR_TYPE.NoMatchingCondition, "error",
    "a Check contact attributes block needs a branch for a value that matches no condition"),
  [ACTION_TYPE.DistributeByPercentage]: (action) => requireErrorType(action, ERROR_TYPE.NoMatchingCondition, "warning",
    "the last percentage band is taken through NoMatchingCondition"),
  [ACTION_TYPE.TransferContactToQueue]: (action) => requireErrorType(action, ERROR_TYPE.QueueAtCapacity, "warning",
    "a full queue otherwise takes the generic error path", FLOW_ISSUE_CODE.QUEUE_AT_CAPACITY_UNHANDLED),
  [ACTION_TYPE.DequeueContactAndTransferToQueue]: (action) => requireErrorType(action, ERROR_TYPE.QueueAtCapacity, "warning",
    "a full queue otherwise takes the generic error path", FLOW_ISSUE_CODE.QUEUE_AT_CAPACITY_UNHANDLED),
  [ACTION_TYPE.GetParticipantInput]: (action) => {
    const issues: FlowIssue[] = [];
    const errors = errorTypes(action);
    if (isStoreInput(action)) {
      if (conditionCount(action) > 0) {
        issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.INPUT_BRANCHES,
          `${describeBlock(action)} stores the input (StoreInput "True"), so it has no result to branch on; remove its conditions and read $.StoredCustomerInput in a later Check contact attributes block.`));
      }
      return issues;
    }
    const missing = [ERROR_TYPE.InputTimeLimitExceeded, ERROR_TYPE.NoMatchingCondition].filter((type) => !errors.has(type));
    if (missing.length > 0) {
      issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.INPUT_BRANCHES,
        `${describeBlock(action)} has no ${missing.join(" or ")} error branch; Connect requires both for a DTMF menu. Add them (usually to a retry or a fallback prompt).`));
    }
    const badDigits = (action.Transitions.Conditions ?? []).filter((transition) =>
      transition?.Condition?.Operator !== CONDITION_OPERATOR.Equals || !DTMF_DIGIT.test(scalarText(firstOperand(transition.Condition))));
    if (badDigits.length > 0) {
      issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.INPUT_BRANCHES,
        `${describeBlock(action)} has ${badDigits.length} condition(s) that are not Equals with a single key 0-9, * or #; a DTMF menu branches on one key press. Use one Equals condition per key.`));
    }
    return issues;
  },
  [ACTION_TYPE.MessageParticipantIteratively]: (action) => {
    const bad = (action.Transitions.Conditions ?? []).filter((transition) =>
      transition?.Condition?.Operator !== CONDITION_OPERATOR.Equals || transition.Condition.Operands?.[0] !== MESSAGES_INTERRUPTED);
    if (bad.length === 0) return [];
    return [blockIssue(action, "warning", FLOW_ISSUE_CODE.LOOP_PROMPTS_CONDITION,
      `${describeBlock(action)} has ${bad.length} condition(s) other than Equals "${MESSAGES_INTERRUPTED}", the only result of Loop prompts. Remove them.`)];
  },
};

/** By action type; a Map, since the type comes from the flow ("constructor" must find no check). */
const BRANCH_CHECKS: ReadonlyMap<string, (action: FlowAction) => FlowIssue[]> = new Map(Object.entries(BRANCH_CHECK_TABLE));

/**
 * Wait: WaitCompleted always; one condition per listed `Events` value; with *Keep running while waiting*
 * (`ContinueExecution: "TRUE"`) a Continue condition; and with an event-based wait one condition per
 * `InterruptibleEvents` key, each a static branch name of at most 100 characters (reference §2.1.2, §2.8).
 */
function checkWaitBranches(action: FlowAction): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const operands = equalsOperands(action);
  const events = Array.isArray(action.Parameters.Events) ? action.Parameters.Events.map(scalarText) : [];
  const interruptible = action.Parameters.InterruptibleEvents;
  const eventBranches = isPlainObject(interruptible) ? Object.keys(interruptible) : [];
  const continues = isContinueExecution(action);
  const required = [WAIT_COMPLETED, ...(continues ? [CONTINUE] : []), ...events, ...eventBranches];
  const missing = required.filter((result) => !operands.includes(result));
  if (missing.length > 0) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.WAIT_CONDITIONS,
      `${describeBlock(action)} lacks the condition(s) ${missing.map((m) => `Equals "${m}"`).join(", ")}; a Wait always needs WaitCompleted (time expired), Continue when it keeps running while waiting, and one condition per event branch. Add them.`));
  }
  const continueValue = action.Parameters.ContinueExecution;
  if (continueValue !== undefined && !["TRUE", "FALSE"].includes(scalarText(continueValue).toUpperCase())) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.WAIT_EVENT_MALFORMED,
      `${describeBlock(action)} has ContinueExecution ${JSON.stringify(continueValue)}; the console writes "TRUE" for Keep running while waiting. Write "TRUE", or leave it out.`));
  }
  if (interruptible !== undefined && !isPlainObject(interruptible)) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.WAIT_EVENT_MALFORMED,
      `${describeBlock(action)} has InterruptibleEvents that is not an object. Write { "<branch name>": { "AsyncLambdaCompletionEvent": { "Identifier": "$.FlowAttributes.<saved invocation id>" } } }.`));
  }
  for (const name of eventBranches) issues.push(...checkEventBranch(action, name, (interruptible as { readonly [key: string]: unknown })[name]));
  return issues;
}

function checkEventBranch(action: FlowAction, name: string, event: unknown): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const length = Array.from(name).length;
  if (length === 0 || length > MAX_EVENT_BRANCH_NAME || name === WAIT_COMPLETED || name === CONTINUE) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.WAIT_EVENT_MALFORMED,
      `${describeBlock(action)} has the event branch name ${JSON.stringify(name.slice(0, 40))}${length > 40 ? "…" : ""} (${length} characters); a branch name is 1 to ${MAX_EVENT_BRANCH_NAME} characters and not "${WAIT_COMPLETED}" or "${CONTINUE}". Rename it, e.g. "LambdaReturned".`));
  }
  if (!isPlainObject(event)) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.WAIT_EVENT_MALFORMED,
      `${describeBlock(action)} has InterruptibleEvents.${name} that is not an object. Write { "AsyncLambdaCompletionEvent": { "Identifier": "$.FlowAttributes.<saved invocation id>" } }.`));
    return issues;
  }
  const lambdaEvent = event.AsyncLambdaCompletionEvent;
  if (lambdaEvent === undefined) {
    issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.WAIT_EVENT_UNKNOWN,
      `${describeBlock(action)} waits for the event ${Object.keys(event).map((key) => `"${key}"`).join(", ") || "{}"} in branch "${name}", which this validator does not know (it knows AsyncLambdaCompletionEvent); check it in a sandbox instance.`));
  } else if (!isPlainObject(lambdaEvent) || typeof lambdaEvent.Identifier !== "string" || lambdaEvent.Identifier.trim() === "") {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.WAIT_EVENT_MALFORMED,
      `${describeBlock(action)} has InterruptibleEvents.${name}.AsyncLambdaCompletionEvent without an "Identifier". Set it to the invocation id to wait for, e.g. "$.LambdaInvocation.InvocationId" or the flow attribute you saved it in.`));
  }
  return issues;
}

/** True when the Wait keeps running while waiting: `ContinueExecution` "TRUE" (the console's spelling). */
export function isContinueExecution(action: FlowAction): boolean {
  return scalarText(action.Parameters.ContinueExecution).toUpperCase() === "TRUE";
}

function conditionsNotSupported(action: FlowAction): FlowIssue[] {
  if (conditionCount(action) === 0) return [];
  return [blockIssue(action, "warning", FLOW_ISSUE_CODE.CONDITIONS_NOT_SUPPORTED,
    `${describeBlock(action)} has conditions, but this block type produces no result to compare, so they never match. Branch on its output in a following Check contact attributes (Compare) block instead.`)];
}

function requireErrorType(action: FlowAction, errorType: string, severity: "error" | "warning", why: string,
  code: typeof FLOW_ISSUE_CODE.NO_MATCHING_CONDITION_MISSING | typeof FLOW_ISSUE_CODE.QUEUE_AT_CAPACITY_UNHANDLED = FLOW_ISSUE_CODE.NO_MATCHING_CONDITION_MISSING): FlowIssue[] {
  if (errorTypes(action).has(errorType)) return [];
  return [blockIssue(action, severity, code,
    `${describeBlock(action)} has no ${errorType} error branch; ${why}. Add { "ErrorType": "${errorType}", "NextAction": … } to its Errors.`)];
}
