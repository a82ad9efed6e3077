/**
 * What the operation's target receives as its event (the execution input's `event`).
 *
 * A per-contact operation's target gets the Connect event `start` received, unchanged: drop-in mode,
 * the wrapped Lambda sees what Connect would have sent it.
 *
 * A cached operation (with a `cacheKey`) shares one result among every caller with the same key
 * values, so the event of whichever caller came first must not decide it: a backend that authorises or
 * personalises by caller (`CustomerEndpoint`, contact attributes, a non-key parameter) would hand that
 * caller's answer to everyone who knows the key. Its target therefore gets, by default, an event with
 * the cache-key parameters alone and no contact data: the inputs every sharer is known to have in
 * common. An operation opts back into the first caller's full event with `targetInput: "contact-event"`,
 * for a backend that needs it and whose answer is the same for every caller with those key values.
 */
import type { ConnectRequest } from "./connect-request";

/** What an operation's target receives. */
export const TargetInput = {
  /** The Connect event `start` received, unchanged (contact data, every parameter). */
  contactEvent: "contact-event",
  /** A Connect-shaped event whose `Details.Parameters` hold the cache-key attributes alone, and no contact data. */
  cacheKey: "cache-key",
} as const;
export type TargetInput = (typeof TargetInput)[keyof typeof TargetInput];

/** What this file needs of an operation's settings (operations-config.ts holds the whole of them). */
export interface TargetInputSettings {
  readonly cacheKey?: ReadonlyArray<string>;
  readonly targetInput?: TargetInput;
}

/** The target input when the operation does not say: the cache key for cached operations, else the contact event. */
export function defaultTargetInput(operation: Pick<TargetInputSettings, "cacheKey">): TargetInput {
  return operation.cacheKey === undefined ? TargetInput.contactEvent : TargetInput.cacheKey;
}

/** The event the operation's target receives for this request. */
export function targetEventFor(operation: TargetInputSettings, request: ConnectRequest): object {
  const input = operation.targetInput ?? defaultTargetInput(operation);
  if (input === TargetInput.contactEvent || operation.cacheKey === undefined) return request.event;
  const parameters = Object.fromEntries([...operation.cacheKey].sort().map((name) => [name, request.parameters.get(name) ?? ""]));
  // Connect's event shape, so a drop-in Lambda that reads Details.Parameters keeps working.
  return { Name: "ContactFlowEvent", Details: { ContactData: {}, Parameters: parameters } };
}
