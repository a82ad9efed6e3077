/**
 * The secret key of request ids. Ids are HMAC-SHA-256 digests of the contact and the input (see
 * request-id.ts), so a leaked id (a log line, a table export, a flow attribute) reveals nothing that
 * can be tested offline against guessed phone or card numbers: without the key there is nothing to
 * compare with.
 *
 * Where the key lives. In AWS, in a Secrets Manager secret whose ARN the bridge puts in
 * `REQUEST_ID_KEY_SECRET_ARN`; only the start and poll functions' roles may read it. The secret's text
 * is either the key itself, or JSON `{"current": "<key>", "previous": "<older key>"}`. Locally (tests,
 * the simulator, the bundle test) `REQUEST_ID_KEY` gives the key directly; the simulator injects a
 * {@link RequestIdKeySource} instead. The key never reaches a log line, the table, a flow attribute or a
 * Terraform output; nothing here ever prints it.
 *
 * How it rotates. Put `{"current": "<new>", "previous": "<old>"}` into the secret. Each warm function
 * re-reads the secret after {@link SECRET_MAX_AGE_SECONDS} (in the background, serving the key it holds
 * meanwhile: secrets-manager-request-id-keys.ts), so within minutes every `start` issues ids
 * under the new key, while `poll` still accepts per-contact ids issued under the old one (it checks the
 * contact against both keys). Cache-key requests are found by their id, so for a cache TTL after the
 * switch a request made under the old key is not found from the new one: one extra execution per key,
 * nothing wrong served. Once the longest wait and cache TTL have passed, drop `previous`.
 *
 * With no key configured, the handlers answer ERROR/CONFIGURATION: they never fall back to unsalted
 * digests, which is what made ids reversible.
 */
import type { Deadline } from "./deadline";
import { ConfigurationError, ConnectAsyncError, RequestIdKeyUnavailableError } from "./errors";

/** The fewest characters a key may have: 32, what Secrets Manager's generated passwords have by default. */
export const MIN_REQUEST_ID_KEY_LENGTH = 32;

/**
 * How long a function trusts the secret it read, in seconds. Rotation reaches every warm function
 * within this time; one GetSecretValue per function per interval is the cost.
 */
export const SECRET_MAX_AGE_SECONDS = 300;

/** The keys in force. */
export interface RequestIdKeys {
  /** Derives every new id. */
  readonly current: string;
  /** The key before the last rotation, still accepted by `poll`'s contact check. */
  readonly previous?: string;
}

/** Where the handlers get the keys; may fetch, so the call is bounded by the invocation's signal. */
export interface RequestIdKeySource {
  /**
   * The keys in force.
   *
   * @param signal aborts the wait at the invocation's deadline
   * @param budgetMs the time left before that deadline: the bound of any read this call starts
   * @throws ConfigurationError when the key is missing or unusable; anything else is a failure to reach it
   */
  keys(signal?: AbortSignal, budgetMs?: number): Promise<RequestIdKeys>;
}

/**
 * The keys in force, fetched within the invocation's deadline. A missing or unusable key stays a
 * ConfigurationError; failing to reach it (timeout, throttling, access) is REQUEST_ID_KEY_UNAVAILABLE.
 */
export async function resolveRequestIdKeys(source: RequestIdKeySource, deadline: Deadline): Promise<RequestIdKeys> {
  try {
    return await deadline.run((signal) => source.keys(signal, deadline.remainingMs()));
  } catch (error) {
    if (error instanceof ConnectAsyncError) throw error;
    throw new RequestIdKeyUnavailableError({ cause: error });
  }
}

/** Keys fixed at construction: `REQUEST_ID_KEY`, tests and the simulator. */
export function staticRequestIdKeys(current: string, previous?: string, origin = "the request-id key"): RequestIdKeySource {
  const keys = checkRequestIdKeys({ current, previous }, origin);
  return { keys: async () => keys };
}

/**
 * A secret's text as keys: JSON `{"current", "previous"?}` or, when it is not such JSON, the key
 * itself. Messages name the secret's shape, never its content.
 */
export function parseRequestIdKeySecret(text: string, origin: string): RequestIdKeys {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) return checkRequestIdKeys({ current: trimmed }, origin);
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new ConfigurationError(`${origin} starts with "{" but is not valid JSON; store the key itself, or {"current": "<key>", "previous": "<older key>"}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError(`${origin} must be the key itself or a JSON object {"current": "<key>", "previous": "<older key>"}`);
  }
  const { current, previous } = parsed as Record<string, unknown>;
  if (typeof current !== "string") throw new ConfigurationError(`${origin} has no "current" text; it must hold {"current": "<key>", "previous": "<older key>"}`);
  if (previous !== undefined && typeof previous !== "string") throw new ConfigurationError(`${origin}'s "previous" must be text when present`);
  return checkRequestIdKeys({ current, previous }, origin);
}

function checkRequestIdKeys(keys: RequestIdKeys, origin: string): RequestIdKeys {
  for (const [name, key] of [["current", keys.current], ["previous", keys.previous]] as const) {
    if (key === undefined) continue;
    if (key.length < MIN_REQUEST_ID_KEY_LENGTH) {
      throw new ConfigurationError(`${origin}'s ${name} key has ${key.length} characters; use a random key of at least ${MIN_REQUEST_ID_KEY_LENGTH}`);
    }
  }
  return keys.previous === undefined || keys.previous === keys.current ? { current: keys.current } : keys;
}
