import type { FlowAction, FlowIssue } from "../flow-json";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { readNumericParameter } from "./parameter-values";
import { blockIssue, describeBlock, type FlowRule } from "./rule";
import { perActionRule } from "./per-action-rule";
import { ACTION_TYPE, INVOCATION_TYPE } from "./vocabulary";

/**
 * Connect waits at most 8 s for a synchronous Lambda; the Admin guide allows 60 s for an asynchronous one, and
 * a console export writes "60" (reference §2.1.2), so up to 60 s is accepted without a warning.
 */
export const MAX_SYNC_LAMBDA_SECONDS = 8;
export const MAX_ASYNC_LAMBDA_SECONDS = 60;

/** True when the block invokes its Lambda asynchronously (InvocationType ASYNCHRONOUS). */
export function isAsynchronousInvoke(action: FlowAction): boolean {
  return action.Type === ACTION_TYPE.InvokeLambdaFunction && action.Parameters.InvocationType === INVOCATION_TYPE.Asynchronous;
}

/**
 * InvokeLambdaFunction: a function ARN, a known InvocationType, and a time limit Connect accepts.
 * LoadLambdaFunctionResult: an invocation id.
 */
export const lambdaParameterRule: FlowRule = perActionRule("lambda-parameters", (action) => {
  if (action.Type === ACTION_TYPE.InvokeLambdaFunction) return checkLambda(action);
  if (action.Type === ACTION_TYPE.LoadLambdaFunctionResult) return checkLoadResult(action);
  return [];
});

/** Load result: which asynchronous invocation to load (reference §2.1.2). */
function checkLoadResult(action: FlowAction): FlowIssue[] {
  const id = action.Parameters.LambdaInvocationId;
  if (typeof id === "string" && id.trim() !== "") return [];
  return [blockIssue(action, "error", FLOW_ISSUE_CODE.LOAD_RESULT_ID_MISSING,
    `${describeBlock(action)} has no LambdaInvocationId, so it does not know which invocation to load. Set it to the id saved after the asynchronous invoke, e.g. "$.FlowAttributes.pollInvocationId" (or "$.LambdaInvocation.InvocationId").`)];
}

function checkLambda(action: FlowAction): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const arn = action.Parameters.LambdaFunctionARN;
  if (typeof arn !== "string" || arn.trim() === "") {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.LAMBDA_ARN_MISSING,
      `${describeBlock(action)} has no LambdaFunctionARN. Set it to the ARN of the function to call.`));
  }
  const invocationType = action.Parameters.InvocationType;
  const knownTypes: ReadonlyArray<unknown> = Object.values(INVOCATION_TYPE);
  if (invocationType !== undefined && !knownTypes.includes(invocationType)) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.LAMBDA_INVOCATION_TYPE,
      `${describeBlock(action)} has InvocationType ${JSON.stringify(invocationType)}; Connect accepts "${INVOCATION_TYPE.Synchronous}" or "${INVOCATION_TYPE.Asynchronous}". Fix the value or leave it out for a synchronous call.`));
  }
  // An unknown InvocationType is already an error; its time limit is held only to the larger bound.
  const asynchronous = isAsynchronousInvoke(action) || (invocationType !== undefined && !knownTypes.includes(invocationType));
  const limit = readNumericParameter(action.Parameters.InvocationTimeLimitSeconds);
  const max = asynchronous ? MAX_ASYNC_LAMBDA_SECONDS : MAX_SYNC_LAMBDA_SECONDS;
  const mode = asynchronous ? "an asynchronous" : "a synchronous";
  switch (limit.kind) {
    case "absent":
      issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.LAMBDA_TIMEOUT_MISSING,
        `${describeBlock(action)} has no InvocationTimeLimitSeconds. Set it explicitly (1 to ${max} seconds for ${mode} call).`));
      break;
    case "reference":
      break; // reported by the reference-placement rule: the time limit must be static
    case "invalid":
      issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.LAMBDA_TIMEOUT_RANGE,
        `${describeBlock(action)} has InvocationTimeLimitSeconds ${JSON.stringify(action.Parameters.InvocationTimeLimitSeconds)}, which is not a number. Write a whole number of seconds from 1 to ${max}, e.g. "8".`));
      break;
    case "number":
      if (!Number.isInteger(limit.value) || limit.value < 1 || limit.value > max) {
        issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.LAMBDA_TIMEOUT_RANGE,
          `${describeBlock(action)} has InvocationTimeLimitSeconds ${limit.value}; Connect accepts a whole number from 1 to ${max} for ${mode} call. ` +
          (asynchronous ? `Lower it to ${max} or less.` : `Lower it to ${max} or less, or put slow work behind an asynchronous operation (connect-async's asyncInvoke).`)));
      }
      break;
  }
  return issues;
}
