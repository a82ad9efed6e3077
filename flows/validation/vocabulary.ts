/**
 * Wire names of the flow language that the validator, layout and Mermaid renderer reason about.
 *
 * One `as const` map per vocabulary, so no rule writes `'Compare'` or `'Equals'` inline.
 *
 * @see ../../../shared/reference/connect-flow-language.md §1.2, §1.3, §1.5 and §2
 */
import { ActionType, ConditionOperator, ErrorType } from "../flow-language";

/** Action types with a special meaning for some rule. Others are accepted as documented types below. */
export const ACTION_TYPE = ActionType;

/**
 * Every action type named by the AWS flow-language pages or seen in real console exports (reference §1.5
 * and the fixtures). A type outside this list is reported as a warning, since AWS keeps adding types.
 */
export const KNOWN_ACTION_TYPES: ReadonlySet<string> = new Set([
  ...Object.values(ACTION_TYPE),
  "AssociateContactToCustomerProfile",
  "CheckMetricData",
  "CheckOutboundCallStatus",
  "CheckVoiceId",
  "CompleteOutboundCall",
  "CreateCallbackContact",
  "CreateCase",
  "CreateCustomerProfile",
  "CreateTask",
  "CreateWisdomSession",
  "GetCalculatedAttributesForCustomerProfile",
  "GetCase",
  "GetCustomerProfile",
  "GetCustomerProfileObject",
  "GetMetricData",
  "ResumeContact",
  "ShowView",
  "StartVoiceIdStream",
  "TagContact",
  "TransferParticipantToThirdParty",
  "UntagContact",
  "UpdateCase",
  "UpdateContactCallbackNumber",
  "UpdateContactData",
  "UpdateContactEventHooks",
  "UpdateContactMediaStreamingBehavior",
  "UpdateContactRecordingAndAnalyticsBehavior",
  "UpdateContactRecordingBehavior",
  "UpdateContactRoutingBehavior",
  "UpdateContactTextToSpeechVoice",
  "UpdateCustomerProfile",
  "UpdateFlowLoggingBehavior",
  "UpdatePreviousContactParticipantState",
  "UpdateRoutingCriteria",
]);

/** Types that end the flow and carry `"Transitions": {}` (reference §1.3). */
export const TERMINAL_ACTION_TYPES: ReadonlySet<string> = new Set([
  ACTION_TYPE.DisconnectParticipant,
  ACTION_TYPE.EndFlowExecution,
  ACTION_TYPE.EndFlowModuleExecution,
  ACTION_TYPE.TransferContactToAgent,
]);

/**
 * Types that hand the contact somewhere else on success (the current flow ends there), although their JSON
 * keeps a NextAction for the error path. The Mermaid renderer styles them like terminal blocks.
 */
export const HAND_OFF_ACTION_TYPES: ReadonlySet<string> = new Set([
  ACTION_TYPE.TransferContactToQueue,
  ACTION_TYPE.TransferToFlow,
  ACTION_TYPE.DequeueContactAndTransferToQueue,
]);

/**
 * Types that talk to a participant and wait on them, which resets Connect's budget for consecutive Lambda
 * calls (ShowView waits for the agent's input in a step-by-step guide).
 */
export const CALLER_INTERACTION_ACTION_TYPES: ReadonlySet<string> = new Set([
  "ShowView",
  ACTION_TYPE.MessageParticipant,
  ACTION_TYPE.MessageParticipantIteratively,
  ACTION_TYPE.GetParticipantInput,
  ACTION_TYPE.ConnectParticipantWithLexBot,
  ACTION_TYPE.Wait,
]);

/** The eight documented condition operators (reference §1.2). */
export const CONDITION_OPERATOR = ConditionOperator;

export const CONDITION_OPERATORS: ReadonlySet<string> = new Set(Object.values(CONDITION_OPERATOR));

/** Error types with a meaning for some rule. */
export const ERROR_TYPE = {
  NoMatchingError: "NoMatchingError",
  NoMatchingCondition: "NoMatchingCondition",
  InputTimeLimitExceeded: "InputTimeLimitExceeded",
  QueueAtCapacity: "QueueAtCapacity",
  InProgress: ErrorType.InProgress,
} as const;

/** The values of `InvokeLambdaFunction.Parameters.InvocationType`. */
export const INVOCATION_TYPE = {
  Synchronous: "SYNCHRONOUS",
  Asynchronous: "ASYNCHRONOUS",
} as const;
