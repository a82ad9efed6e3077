/** Flow-language action types the interpreter models, as written in flow JSON. */
export const ActionType = {
  MessageParticipant: "MessageParticipant",
  GetParticipantInput: "GetParticipantInput",
  ConnectParticipantWithLexBot: "ConnectParticipantWithLexBot",
  InvokeLambdaFunction: "InvokeLambdaFunction",
  Compare: "Compare",
  Loop: "Loop",
  UpdateFlowAttributes: "UpdateFlowAttributes",
  UpdateContactAttributes: "UpdateContactAttributes",
  CheckHoursOfOperation: "CheckHoursOfOperation",
  DistributeByPercentage: "DistributeByPercentage",
  Wait: "Wait",
  UpdateContactTargetQueue: "UpdateContactTargetQueue",
  UpdateContactTextToSpeechVoice: "UpdateContactTextToSpeechVoice",
  UpdateContactData: "UpdateContactData",
  UpdateFlowLoggingBehavior: "UpdateFlowLoggingBehavior",
  UpdateContactRecordingBehavior: "UpdateContactRecordingBehavior",
  UpdateContactRecordingAndAnalyticsBehavior: "UpdateContactRecordingAndAnalyticsBehavior",
  UpdateContactEventHooks: "UpdateContactEventHooks",
  UpdateContactRoutingBehavior: "UpdateContactRoutingBehavior",
  UpdateContactMediaStreamingBehavior: "UpdateContactMediaStreamingBehavior",
  StartVoiceIdStream: "StartVoiceIdStream",
  TagContact: "TagContact",
  UntagContact: "UntagContact",
  DisconnectParticipant: "DisconnectParticipant",
  EndFlowExecution: "EndFlowExecution",
  EndFlowModuleExecution: "EndFlowModuleExecution",
  TransferContactToQueue: "TransferContactToQueue",
  TransferContactToAgent: "TransferContactToAgent",
  TransferToFlow: "TransferToFlow",
  DequeueContactAndTransferToQueue: "DequeueContactAndTransferToQueue",
} as const;
export type ActionType = (typeof ActionType)[keyof typeof ActionType];

/** Error types of `Transitions.Errors` the interpreter raises. */
export const FlowErrorType = {
  NoMatchingError: "NoMatchingError",
  NoMatchingCondition: "NoMatchingCondition",
  InputTimeLimitExceeded: "InputTimeLimitExceeded",
  QueueAtCapacity: "QueueAtCapacity",
} as const;
export type FlowErrorType = (typeof FlowErrorType)[keyof typeof FlowErrorType];

/** Results of Loop, Wait and CheckHoursOfOperation, compared by their conditions. */
export const ActionResult = {
  ContinueLooping: "ContinueLooping",
  DoneLooping: "DoneLooping",
  WaitCompleted: "WaitCompleted",
  True: "True",
  False: "False",
} as const;
