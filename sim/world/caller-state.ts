/** What the simulator tracks of one caller while its flow runs: its outcome and what the handlers told it. */
import type { CallerOutcome } from "../report/simulation-result";
import type { CallerPlan } from "./scenario";

/** One caller's state, updated as its flow runs. */
export interface CallerState {
  readonly plan: CallerPlan;
  previousBlock?: string;
  outcome?: CallerOutcome;
  requestId?: string;
  /** The request the outcome answered: a flow may start another operation after it. */
  outcomeRequestId?: string;
  lastStatus?: string;
  lastErrorCode?: string;
}
