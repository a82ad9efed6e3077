/**
 * A stand-in slow backend for the demo stack and the simulator: the kind of account lookup a
 * contact centre wraps with connect-async. It takes the Connect event exactly as a drop-in target
 * would, so the demo exercises the real path. Latency and failure come from the block's parameters:
 *
 * - `delayMs`: how long the lookup takes (default 3000, at most {@link MAX_DELAY_MS});
 * - `fail`: "true" throws `BackendUnavailableError`; any other error-like name (e.g.
 *   `ThrottlingException`) throws an error of that name, so the state machine's Retry and Catch paths
 *   show; absent, "" or "false" succeeds;
 * - `accountId`: the account to look up (default: the ContactId).
 *
 * The result is a flat string map, the same for the same `accountId` on every run.
 */
import { createHash } from "node:crypto";
import { type Sleep, timerSleep } from "./lib/clock";

/** The default latency, long enough that a call needs the poll loop. */
export const DEFAULT_DELAY_MS = 3000;

/** The longest latency: inside an EXPRESS state machine's 5 minutes. */
export const MAX_DELAY_MS = 290_000;

/** The error name `fail: "true"` throws. */
export const DEFAULT_FAILURE_NAME = "BackendUnavailableError";

/** What the lookup returns. */
export interface DemoAccount {
  readonly [key: string]: string;
  readonly accountId: string;
  readonly accountStatus: string;
  readonly balance: string;
  readonly currency: string;
  readonly tier: string;
}

/** The demo backend's dependencies. */
export interface DemoBackendDependencies {
  /** Spends the latency. */
  readonly sleep: Sleep;
}

/** An error whose `name` the input chose; Step Functions sees it as the error name. */
export class DemoBackendError extends Error {
  public constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const ACCOUNT_STATUSES = ["ACTIVE", "ACTIVE", "ACTIVE", "SUSPENDED", "CLOSED"] as const;
const TIERS = ["STANDARD", "GOLD", "PLATINUM"] as const;
const ERROR_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;

/** A demo backend handler over the given dependencies. */
export function createDemoBackendHandler(deps: DemoBackendDependencies): (event: unknown) => Promise<DemoAccount> {
  return async (event) => {
    const { parameters, contactId } = readEvent(event);
    const delayMs = parseDelay(parameters.delayMs);
    const failureName = parseFailure(parameters.fail);
    await deps.sleep(delayMs);
    if (failureName !== undefined) throw new DemoBackendError(failureName, `the demo backend failed as asked (fail=${failureName}) after ${delayMs} ms`);
    return lookUpAccount(parameters.accountId ?? contactId ?? "anonymous");
  };
}

/** The Lambda entry point. */
export const handler = createDemoBackendHandler({ sleep: timerSleep });

/** The account for an id: every field derived from its SHA-256, so runs repeat exactly. */
function lookUpAccount(accountId: string): DemoAccount {
  const digest = createHash("sha256").update(accountId, "utf8").digest();
  const cents = digest.readUInt32BE(0) % 1_000_000;
  return {
    accountId,
    accountStatus: ACCOUNT_STATUSES[digest[4] % ACCOUNT_STATUSES.length],
    balance: (cents / 100).toFixed(2),
    currency: "USD",
    tier: TIERS[digest[5] % TIERS.length],
  };
}

function readEvent(event: unknown): { parameters: Record<string, string | undefined>; contactId?: string } {
  const details = isObject(event) && isObject(event.Details) ? event.Details : {};
  const parameters = isObject(details.Parameters) ? details.Parameters : {};
  const contactData = isObject(details.ContactData) ? details.ContactData : {};
  const text = Object.fromEntries(Object.entries(parameters).filter(([, value]) => typeof value === "string")) as Record<string, string>;
  return { parameters: text, contactId: typeof contactData.ContactId === "string" ? contactData.ContactId : undefined };
}

function parseDelay(text: string | undefined): number {
  if (text === undefined || text === "") return DEFAULT_DELAY_MS;
  const delayMs = Number(text);
  if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > MAX_DELAY_MS) {
    throw new DemoBackendError("InvalidDemoInputError", `delayMs must be an integer from 0 to ${MAX_DELAY_MS}`);
  }
  return delayMs;
}

function parseFailure(text: string | undefined): string | undefined {
  if (text === undefined || text === "" || text.toLowerCase() === "false") return undefined;
  if (text.toLowerCase() === "true") return DEFAULT_FAILURE_NAME;
  if (!ERROR_NAME_PATTERN.test(text)) throw new DemoBackendError("InvalidDemoInputError", 'fail must be "true", "false" or an error name like ThrottlingException');
  return text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
