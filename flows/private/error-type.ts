/** The `ErrorType` values of `Transitions.Errors` that the modelled blocks can take (reference §1.2, §2). */
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
} as const;

export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];
