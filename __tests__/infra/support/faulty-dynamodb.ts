/**
 * A DynamoDB client that forwards to a real one (dynalite) but fails chosen calls first: throttling,
 * AccessDenied and other service errors that dynalite cannot be made to produce. Everything else,
 * condition expressions and the 400 KB item limit included, is dynalite's own answer.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** A DynamoDB service error as the SDK raises it (its `name` is the exception type). */
export class DynamoDbServiceError extends Error {
  constructor(name: string, message = `${name} (injected)`) {
    super(message);
    this.name = name;
  }
}

/** Decides, for the `n`th call (1-based) of one command type, whether to fail it. */
export type FaultRule = (call: { readonly command: string; readonly n: number }) => Error | undefined;

/** Wraps `client`; `rule` sees every call before it is forwarded. */
export function withFaults(client: DynamoDBClient, rule: FaultRule): Pick<DynamoDBClient, "send"> {
  const counts = new Map<string, number>();
  return {
    send: ((command: { constructor: { name: string } }) => {
      const name = command.constructor.name;
      const n = (counts.get(name) ?? 0) + 1;
      counts.set(name, n);
      const fault = rule({ command: name, n });
      if (fault) return Promise.reject(fault);
      return client.send(command as never);
    }) as DynamoDBClient["send"],
  };
}
