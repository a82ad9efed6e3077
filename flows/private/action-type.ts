/**
 * The flow-language `Type` of every action the builder models (reference §2). Private: blocks are the
 * public API; only they and the builder's own modules read these wire names.
 */
export const ActionType = {
  MessageParticipant: "MessageParticipant",
  MessageParticipantIteratively: "MessageParticipantIteratively",
  InvokeLambdaFunction: "InvokeLambdaFunction",
  Compare: "Compare",
  Loop: "Loop",
  UpdateFlowAttributes: "UpdateFlowAttributes",
  UpdateContactAttributes: "UpdateContactAttributes",
  UpdateFlowLoggingBehavior: "UpdateFlowLoggingBehavior",
  UpdateContactTextToSpeechVoice: "UpdateContactTextToSpeechVoice",
  GetParticipantInput: "GetParticipantInput",
  UpdateContactTargetQueue: "UpdateContactTargetQueue",
  TransferContactToQueue: "TransferContactToQueue",
  TransferToFlow: "TransferToFlow",
  CheckHoursOfOperation: "CheckHoursOfOperation",
  Wait: "Wait",
  DisconnectParticipant: "DisconnectParticipant",
  EndFlowExecution: "EndFlowExecution",
} as const;

export type ActionType = (typeof ActionType)[keyof typeof ActionType];
