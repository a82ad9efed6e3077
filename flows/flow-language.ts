/**
 * The flow language's wire vocabulary: one `as const` map per vocabulary, shared by the builder, the
 * validator, the Mermaid renderer and the simulator, so no module writes `"Compare"` or `"Equals"`
 * inline and no two modules can disagree on a spelling.
 *
 * @see ../../shared/reference/connect-flow-language.md §1.2, §1.3, §1.5 and §2
 */

/** Action `Type`s that some part of connect-async builds, checks or runs (others are documented too; see the validator). */
export const ActionType = {
  CheckHoursOfOperation: "CheckHoursOfOperation",
  Compare: "Compare",
  ConnectParticipantWithLexBot: "ConnectParticipantWithLexBot",
  DequeueContactAndTransferToQueue: "DequeueContactAndTransferToQueue",
  DisconnectParticipant: "DisconnectParticipant",
  DistributeByPercentage: "DistributeByPercentage",
  EndFlowExecution: "EndFlowExecution",
  EndFlowModuleExecution: "EndFlowModuleExecution",
  GetParticipantInput: "GetParticipantInput",
  InvokeFlowModule: "InvokeFlowModule",
  InvokeLambdaFunction: "InvokeLambdaFunction",
  // Not in the API reference: what the console writes for the Lambda block's "Load Lambda result" action (reference §2.1.2).
  LoadLambdaFunctionResult: "LoadLambdaFunctionResult",
  Loop: "Loop",
  MessageParticipant: "MessageParticipant",
  MessageParticipantIteratively: "MessageParticipantIteratively",
  StartVoiceIdStream: "StartVoiceIdStream",
  TagContact: "TagContact",
  TransferContactToAgent: "TransferContactToAgent",
  TransferContactToQueue: "TransferContactToQueue",
  TransferToFlow: "TransferToFlow",
  // The API reference spells it UnTagContact; the service accepts only this spelling (reference §10 #14).
  UntagContact: "UntagContact",
  UpdateContactAttributes: "UpdateContactAttributes",
  UpdateContactData: "UpdateContactData",
  UpdateContactEventHooks: "UpdateContactEventHooks",
  UpdateContactMediaStreamingBehavior: "UpdateContactMediaStreamingBehavior",
  UpdateContactRecordingAndAnalyticsBehavior: "UpdateContactRecordingAndAnalyticsBehavior",
  UpdateContactRecordingBehavior: "UpdateContactRecordingBehavior",
  UpdateContactRoutingBehavior: "UpdateContactRoutingBehavior",
  UpdateContactTargetQueue: "UpdateContactTargetQueue",
  UpdateContactTextToSpeechVoice: "UpdateContactTextToSpeechVoice",
  UpdateFlowAttributes: "UpdateFlowAttributes",
  UpdateFlowLoggingBehavior: "UpdateFlowLoggingBehavior",
  Wait: "Wait",
} as const;
export type ActionType = (typeof ActionType)[keyof typeof ActionType];

/** The eight documented condition operators (reference §1.2). Note `…GreaterOrEqualTo`, not `…ThanOrEqualTo`. */
export const ConditionOperator = {
  Equals: "Equals",
  TextStartsWith: "TextStartsWith",
  TextEndsWith: "TextEndsWith",
  TextContains: "TextContains",
  NumberGreaterThan: "NumberGreaterThan",
  NumberGreaterOrEqualTo: "NumberGreaterOrEqualTo",
  NumberLessThan: "NumberLessThan",
  NumberLessOrEqualTo: "NumberLessOrEqualTo",
} as const;
export type ConditionOperator = (typeof ConditionOperator)[keyof typeof ConditionOperator];

/** The `ErrorType` values of `Transitions.Errors` (reference §1.2, §2). */
export const ErrorType = {
  /** An error occurred and no other listed error type matched. */
  NoMatchingError: "NoMatchingError",
  /** No condition held (Compare, DTMF menus): the "otherwise" branch. */
  NoMatchingCondition: "NoMatchingCondition",
  /** TransferContactToQueue: the queue is full. */
  QueueAtCapacity: "QueueAtCapacity",
  /** GetParticipantInput: the caller pressed nothing in time. */
  InputTimeLimitExceeded: "InputTimeLimitExceeded",
  /** GetParticipantInput with phone-number validation: the number was not valid. */
  InvalidPhoneNumber: "InvalidPhoneNumber",
  /** LoadLambdaFunctionResult: the asynchronous invocation has not returned yet (reference §2.1.2). */
  InProgress: "InProgress",
} as const;
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];

/** Fixed results that blocks branch on through `Equals` conditions (reference §2.3, §2.4, §2.8, §2.18). */
export const ActionResult = {
  /** Loop: another turn. */
  ContinueLooping: "ContinueLooping",
  /** Loop: the count is used up (and the counter resets). */
  DoneLooping: "DoneLooping",
  /** CheckHoursOfOperation: within hours. */
  True: "True",
  /** CheckHoursOfOperation: outside hours. */
  False: "False",
  /** Wait: the time limit passed. */
  WaitCompleted: "WaitCompleted",
  /** Wait with ContinueExecution ("Keep running while waiting"): the branch the contact runs while the Wait is pending (reference §2.1.2). */
  Continue: "Continue",
  /** MessageParticipantIteratively: the interrupt period passed. */
  MessagesInterrupted: "MessagesInterrupted",
} as const;
export type ActionResult = (typeof ActionResult)[keyof typeof ActionResult];

/** `InvocationType` of InvokeLambdaFunction (reference §2.1, §2.1.2); absent means synchronous. */
export const LambdaInvocationType = { SYNCHRONOUS: "SYNCHRONOUS", ASYNCHRONOUS: "ASYNCHRONOUS" } as const;
export type LambdaInvocationType = (typeof LambdaInvocationType)[keyof typeof LambdaInvocationType];

/**
 * Contact channels, as `$.Channel` reads them. Only VOICE plays SSML and PromptId messages; every other
 * channel takes Text only, and each chat message is billed and stays in the transcript (reference §2.1.2).
 */
export const Channel = { VOICE: "VOICE", CHAT: "CHAT", TASK: "TASK", EMAIL: "EMAIL" } as const;
export type Channel = (typeof Channel)[keyof typeof Channel];

/** The system reference to the most recent asynchronous invocation's id (reference §2.1.1). */
export const LAST_INVOCATION_ID_REFERENCE = "$.LambdaInvocation.InvocationId";
