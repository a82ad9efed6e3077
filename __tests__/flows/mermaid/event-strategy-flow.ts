/**
 * A flow using the async macro's event strategy, written by hand from the console export's shapes
 * (reference §2.1.2): sync start → status check → asynchronous poll → save the invocation id → Wait that
 * keeps running (Continue plays hold music) until the Lambda returns → Load result → status check →
 * deadline check. Blocks carry no builder names, as in a flow whose metadata was lost.
 */
import type { FlowJson } from "../../../flows/flow-json";

const START = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-start";
const POLL = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-poll";
const equals = (operand: string, next: string) => ({ NextAction: next, Condition: { Operator: "Equals", Operands: [operand] } });

export const EVENT_STRATEGY_FLOW: FlowJson = {
  Version: "2019-10-30",
  StartAction: "greet",
  Actions: [
    { Identifier: "greet", Type: "MessageParticipant", Parameters: { Text: "Hello." }, Transitions: { NextAction: "bal-start", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
    { Identifier: "bal-start", Type: "InvokeLambdaFunction",
      Parameters: { LambdaFunctionARN: START, InvocationTimeLimitSeconds: "4", LambdaInvocationAttributes: { operation: "balance", accountId: "$.Attributes.accountId" }, ResponseValidation: { ResponseType: "STRING_MAP" } },
      Transitions: { NextAction: "bal-save", Errors: [{ NextAction: "sorry", ErrorType: "NoMatchingError" }] } },
    { Identifier: "bal-save", Type: "UpdateFlowAttributes", Parameters: { FlowAttributes: { bal_asyncRequestId: { Value: "$.External.asyncRequestId" } } },
      Transitions: { NextAction: "bal-check-start", Errors: [{ NextAction: "sorry", ErrorType: "NoMatchingError" }] } },
    { Identifier: "bal-check-start", Type: "Compare", Parameters: { ComparisonValue: "$.External.asyncStatus" },
      Transitions: { NextAction: "sorry", Conditions: [equals("SUCCEEDED", "read"), equals("PENDING", "bal-poll"), equals("FAILED", "sorry"), equals("ERROR", "sorry")],
        Errors: [{ NextAction: "sorry", ErrorType: "NoMatchingCondition" }] } },
    { Identifier: "bal-poll", Type: "InvokeLambdaFunction",
      Parameters: { LambdaFunctionARN: POLL, InvocationTimeLimitSeconds: "60", InvocationType: "ASYNCHRONOUS",
        LambdaInvocationAttributes: { asyncRequestId: "$.FlowAttributes.bal_asyncRequestId", asyncLongPollMs: "55000" }, ResponseValidation: { ResponseType: "STRING_MAP" } },
      Transitions: { NextAction: "bal-save-invocation", Errors: [{ NextAction: "sorry", ErrorType: "NoMatchingError" }] } },
    { Identifier: "bal-save-invocation", Type: "UpdateFlowAttributes", Parameters: { FlowAttributes: { bal_invocationId: { Value: "$.LambdaInvocation.InvocationId" } } },
      Transitions: { NextAction: "bal-wait", Errors: [{ NextAction: "sorry", ErrorType: "NoMatchingError" }] } },
    { Identifier: "bal-wait", Type: "Wait",
      Parameters: { TimeLimitSeconds: "60", ContinueExecution: "TRUE", InterruptibleEvents: { LambdaReturned: { AsyncLambdaCompletionEvent: { Identifier: "$.FlowAttributes.bal_invocationId" } } } },
      Transitions: { NextAction: "sorry", Conditions: [equals("Continue", "bal-hold"), equals("LambdaReturned", "bal-load"), equals("WaitCompleted", "bal-load")],
        Errors: [{ NextAction: "sorry", ErrorType: "NoMatchingError" }] } },
    { Identifier: "bal-hold", Type: "MessageParticipant", Parameters: { PromptId: "arn:aws:connect:us-east-1:111111111111:instance/i/prompt/music" },
      Transitions: { NextAction: "bal-load", Errors: [{ NextAction: "bal-load", ErrorType: "NoMatchingError" }] } },
    { Identifier: "bal-load", Type: "LoadLambdaFunctionResult", Parameters: { LambdaInvocationId: "$.FlowAttributes.bal_invocationId" },
      Transitions: { NextAction: "bal-check-poll", Errors: [{ NextAction: "sorry", ErrorType: "NoMatchingError" }, { NextAction: "bal-wait", ErrorType: "InProgress" }] } },
    { Identifier: "bal-check-poll", Type: "Compare", Parameters: { ComparisonValue: "$.External.asyncStatus" },
      Transitions: { NextAction: "sorry", Conditions: [equals("SUCCEEDED", "read"), equals("PENDING", "bal-deadline"), equals("FAILED", "sorry"), equals("ERROR", "sorry")],
        Errors: [{ NextAction: "sorry", ErrorType: "NoMatchingCondition" }] } },
    { Identifier: "bal-deadline", Type: "Compare", Parameters: { ComparisonValue: "$.External.asyncElapsedMs" },
      Transitions: { NextAction: "bal-poll", Conditions: [{ NextAction: "late", Condition: { Operator: "NumberGreaterThan", Operands: ["50000"] } }],
        Errors: [{ NextAction: "bal-poll", ErrorType: "NoMatchingCondition" }] } },
    { Identifier: "read", Type: "MessageParticipant", Parameters: { Text: "Your balance is $.External.balance." }, Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
    { Identifier: "sorry", Type: "MessageParticipant", Parameters: { Text: "Sorry, that failed." }, Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
    { Identifier: "late", Type: "MessageParticipant", Parameters: { Text: "Sorry, that took too long." }, Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
    { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
  ],
};
