/** How the macro reads the start/poll answers: `$.External.<key>`, and the Compare on `asyncStatus`. */
import { Compare } from "../blocks/compare";
import type { IChainable } from "../chain";
import { Condition } from "../condition";
import { AsyncResponseKey, AsyncStatus } from "../private/async-response";

/** `$.External.<key>`: a key of the last start/poll answer; after onSuccess, a key of the operation's result. */
export function externalReference(key: string): `$.External.${string}` {
  return `$.External.${key}`;
}

/** The outcomes a status check leads to. */
export interface StatusOutcomes {
  readonly onSuccess: IChainable;
  readonly onFailure: IChainable;
}

/** A Compare on `asyncStatus`: SUCCEEDED → success, PENDING → `pending`, FAILED/ERROR/anything else → failure. */
export function statusCheck(name: string, pending: IChainable, outcomes: StatusOutcomes): Compare {
  // The same check as a poll's, with no tolerance for ERROR: it takes the failure branch too.
  return pollStatusCheck(name, pending, { onSuccess: outcomes.onSuccess, onFailure: outcomes.onFailure, onError: outcomes.onFailure });
}

/** A Compare on the caller's wait so far: past `deadlineMs` → `onTimeout`, otherwise → `onTime`. */
export function deadlineCheck(name: string, deadlineMs: number, onTimeout: IChainable, onTime: IChainable): Compare {
  return new Compare(name, { comparisonValue: externalReference(AsyncResponseKey.elapsedMs) })
    .when(Condition.numberGreaterThan(Math.round(deadlineMs)), onTimeout)
    .otherwise(onTime);
}

/** What a poll's answer leads to: a poll that answers ERROR may be tolerated (`onError`), unlike start's. */
export interface PollOutcomes extends StatusOutcomes {
  readonly onError: IChainable;
}

/** A Compare on a poll's `asyncStatus`: SUCCEEDED → success, PENDING → `pending`, ERROR → `onError`, FAILED/anything else → failure. */
export function pollStatusCheck(name: string, pending: IChainable, outcomes: PollOutcomes): Compare {
  return new Compare(name, { comparisonValue: externalReference(AsyncResponseKey.status) })
    .when(Condition.equals(AsyncStatus.SUCCEEDED), outcomes.onSuccess)
    .when(Condition.equals(AsyncStatus.PENDING), pending)
    .when(Condition.equals(AsyncStatus.FAILED), outcomes.onFailure)
    .when(Condition.equals(AsyncStatus.ERROR), outcomes.onError)
    .otherwise(outcomes.onFailure);
}
