/**
 * {@link RequestIdKeySource} on a Secrets Manager secret (`REQUEST_ID_KEY_SECRET_ARN`), read with
 * GetSecretValue and held for {@link SECRET_MAX_AGE_SECONDS}, so a rotated key reaches every warm
 * function within minutes at one read per interval.
 *
 * Availability comes first, because every `start` and `poll` needs the key:
 * - A function that holds a key never waits for Secrets Manager. Once the key is older than its maximum
 *   age, the call that notices starts a refresh in the background and goes on with the held key; the
 *   refresh replaces it when it lands. An outage (a refused, hung or trickling read) costs nothing but
 *   staleness: before, a warm function waited for each refresh, and during an outage 34 of 100 `start`
 *   calls failed with REQUEST_ID_KEY_UNAVAILABLE while the rest took 1.7 s instead of 40 ms.
 * - Every read is abortable and bounded: by the deadline of the call that started it (its remaining
 *   time), and a read still open past that bound is abandoned by the next call, which starts afresh. A
 *   cold function (no key yet) waits for its read within its own deadline, and when that deadline
 *   passes the read is aborted, so the next call reads again: a first read that trickles no longer
 *   keeps a function broken after Secrets Manager has recovered (it stayed broken 25 s and more, on a
 *   shared read that was never aborted).
 * - A failed or malformed refresh keeps the held key: a bad rotation shows on the next cold start
 *   (CONFIGURATION), never as an outage of the warm fleet.
 *
 * Powertools' SecretsProvider did the caching before; it takes no abort signal, so it could not bound a
 * read, and it is no longer used here.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { type Clock, systemClock } from "./clock";
import { ConfigurationError, DeadlineExceededError } from "./errors";
import { parseRequestIdKeySecret, type RequestIdKeys, type RequestIdKeySource, SECRET_MAX_AGE_SECONDS } from "./request-id-key";

/**
 * The bound of a read started without a caller's deadline (the cold start's first read, during Lambda's
 * init phase), ms: two of the client's 2 s attempts.
 */
export const DEFAULT_READ_LIMIT_MS = 4000;

/** Options of {@link SecretsManagerRequestIdKeys}. */
export interface SecretsManagerRequestIdKeysOptions {
  /** The secret's ARN (or name). */
  readonly secretId: string;
  /** The client; create it with the default config so `AWS_ENDPOINT_URL_SECRETS_MANAGER` applies. */
  readonly client: Pick<SecretsManagerClient, "send">;
  /** How long a read value is trusted, seconds. @default SECRET_MAX_AGE_SECONDS */
  readonly maxAgeSeconds?: number;
  /** Epoch ms; decides the held key's age and when an open read is abandoned. @default the system clock */
  readonly clock?: Clock;
}

/** The keys held, the text they came from, and when they were read. */
interface HeldKeys {
  readonly text: string;
  readonly keys: RequestIdKeys;
  readonly readAtEpochMs: number;
}

/** The read in progress. */
interface OpenRead {
  readonly promise: Promise<RequestIdKeys>;
  readonly controller: AbortController;
  /** After this instant the read is abandoned (aborted) and a new one may start. */
  readonly abandonAtEpochMs: number;
}

/** The request-id keys held in a Secrets Manager secret. */
export class SecretsManagerRequestIdKeys implements RequestIdKeySource {
  private readonly client: Pick<SecretsManagerClient, "send">;
  private readonly secretId: string;
  private readonly maxAgeMs: number;
  private readonly clock: Clock;
  private held?: HeldKeys;
  /** One read at a time: calls that come while it is open share it instead of piling up reads. */
  private open?: OpenRead;

  public constructor(options: SecretsManagerRequestIdKeysOptions) {
    this.client = options.client;
    this.secretId = options.secretId;
    this.maxAgeMs = (options.maxAgeSeconds ?? SECRET_MAX_AGE_SECONDS) * 1000;
    this.clock = options.clock ?? systemClock;
  }

  /** Starts the first read, so a cold start fetches during Lambda's init phase instead of the first call. */
  public prime(): void {
    this.read(DEFAULT_READ_LIMIT_MS).catch(() => undefined);
  }

  /**
   * The keys in force. With keys held, answers at once (starting a background refresh when they are
   * stale); without, waits for a read bounded by `budgetMs` and aborted with `signal`.
   */
  public keys(signal?: AbortSignal, budgetMs = DEFAULT_READ_LIMIT_MS): Promise<RequestIdKeys> {
    const held = this.held;
    if (held !== undefined) {
      if (this.clock() - held.readAtEpochMs >= this.maxAgeMs) this.read(budgetMs).catch(() => undefined);
      return Promise.resolve(held.keys);
    }
    const read = this.read(budgetMs);
    const open = this.open;
    // Cold: nothing else to serve, so the caller's deadline ends the read too; the next call starts afresh.
    signal?.addEventListener("abort", () => open?.controller.abort(signal.reason), { once: true });
    return read;
  }

  /** The open read, or a new one bounded by `budgetMs` when there is none or it outlived its bound. */
  private read(budgetMs: number): Promise<RequestIdKeys> {
    const now = this.clock();
    if (this.open !== undefined && !this.open.controller.signal.aborted && now < this.open.abandonAtEpochMs) return this.open.promise;
    this.open?.controller.abort(new DeadlineExceededError("the request-id key's read outlived its bound and was abandoned"));
    const controller = new AbortController();
    const limitMs = Math.max(1, budgetMs);
    const timer = setTimeout(() => controller.abort(new DeadlineExceededError(`the request-id key's secret did not arrive within ${Math.round(limitMs)} ms`)), limitMs);
    // A pending timer must not keep a finished test or a frozen runtime's event loop alive.
    timer.unref();
    const promise = this.fetch(controller.signal).finally(() => {
      clearTimeout(timer);
      if (this.open?.controller === controller) this.open = undefined;
    });
    this.open = { promise, controller, abandonAtEpochMs: now + limitMs };
    return promise;
  }

  private async fetch(signal: AbortSignal): Promise<RequestIdKeys> {
    const answer = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }), { abortSignal: signal });
    const origin = "the request-id key secret (REQUEST_ID_KEY_SECRET_ARN)";
    const text = answer.SecretString ?? (answer.SecretBinary === undefined ? undefined : Buffer.from(answer.SecretBinary).toString("utf8"));
    if (text === undefined) throw new ConfigurationError(`${origin} has no value; put the key in it`);
    // Parse again only when a rotation changed the text.
    const keys = this.held?.text === text ? this.held.keys : parseRequestIdKeySecret(text, origin);
    this.held = { text, keys, readAtEpochMs: this.clock() };
    return keys;
  }
}
