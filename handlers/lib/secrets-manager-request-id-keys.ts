/**
 * {@link RequestIdKeySource} on a Secrets Manager secret (`REQUEST_ID_KEY_SECRET_ARN`), read through
 * Powertools' SecretsProvider, which caches the value for {@link SECRET_MAX_AGE_SECONDS} so a rotated
 * key reaches every warm function within minutes at one GetSecretValue per interval.
 * (Powertools for AWS Lambda (TypeScript), Parameters utility: SecretsProvider with `maxAge`.)
 */
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ConfigurationError } from "./errors";
import { parseRequestIdKeySecret, type RequestIdKeys, type RequestIdKeySource, SECRET_MAX_AGE_SECONDS } from "./request-id-key";

/** Options of {@link SecretsManagerRequestIdKeys}. */
export interface SecretsManagerRequestIdKeysOptions {
  /** The secret's ARN (or name). */
  readonly secretId: string;
  /** The client; create it with the default config so `AWS_ENDPOINT_URL_SECRETS_MANAGER` applies. */
  readonly client: SecretsManagerClient;
  /** How long a read value is trusted, seconds. @default SECRET_MAX_AGE_SECONDS */
  readonly maxAgeSeconds?: number;
}

/** The request-id keys held in a Secrets Manager secret. */
export class SecretsManagerRequestIdKeys implements RequestIdKeySource {
  private readonly provider: SecretsProvider;
  private readonly secretId: string;
  private readonly maxAgeSeconds: number;
  /** The last keys read, and the text they came from; served while a refresh fails, so a Secrets Manager outage does not stop calls. */
  private lastGood?: { readonly text: string; readonly keys: RequestIdKeys };
  /** One fetch at a time: invocations that time out waiting must not pile up GetSecretValue calls. */
  private inFlight?: Promise<RequestIdKeys>;

  public constructor(options: SecretsManagerRequestIdKeysOptions) {
    this.provider = new SecretsProvider({ awsSdkV3Client: options.client });
    this.secretId = options.secretId;
    this.maxAgeSeconds = options.maxAgeSeconds ?? SECRET_MAX_AGE_SECONDS;
  }

  /** Starts the first read, so a cold start fetches during Lambda's init phase instead of the first call. */
  public prime(): void {
    this.keys().catch(() => undefined);
  }

  /** The signal is not passed on (Powertools does not take one); the caller races the deadline instead. */
  public keys(): Promise<RequestIdKeys> {
    this.inFlight ??= this.read().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async read(): Promise<RequestIdKeys> {
    let value: string | Uint8Array | undefined;
    try {
      value = await this.provider.get(this.secretId, { maxAge: this.maxAgeSeconds });
    } catch (error) {
      if (this.lastGood !== undefined) return this.lastGood.keys;
      throw error;
    }
    if (value === undefined) throw new ConfigurationError("the request-id key secret (REQUEST_ID_KEY_SECRET_ARN) has no value; put the key in it");
    const text = typeof value === "string" ? value : Buffer.from(value).toString("utf8");
    // Powertools caches the text; parse it again only when a rotation changed it.
    if (this.lastGood?.text !== text) this.lastGood = { text, keys: parseRequestIdKeySecret(text, "the request-id key secret (REQUEST_ID_KEY_SECRET_ARN)") };
    return this.lastGood.keys;
  }
}
