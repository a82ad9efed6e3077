/** Fixed results that blocks branch on through `Equals` conditions (reference §2.3, §2.4, §2.8, §2.18). */
export const ActionResult = {
  ContinueLooping: "ContinueLooping",
  DoneLooping: "DoneLooping",
  HoursTrue: "True",
  HoursFalse: "False",
  WaitCompleted: "WaitCompleted",
  MessagesInterrupted: "MessagesInterrupted",
} as const;

export type ActionResult = (typeof ActionResult)[keyof typeof ActionResult];
