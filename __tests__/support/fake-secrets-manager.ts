/**
 * A stand-in for Secrets Manager on loopback: it speaks the JSON 1.1 protocol of
 * `secretsmanager.GetSecretValue` for the secrets it is given, counts reads, and can be told to fail.
 */
import { createServer, type ServerResponse } from "node:http";
import { readBody, replyJson } from "./loopback-json-server";
import { trickle } from "./trickling-endpoint";
import type { AddressInfo } from "node:net";

export interface FakeSecretsManager {
  /** The endpoint URL, e.g. for `AWS_ENDPOINT_URL_SECRETS_MANAGER`. */
  readonly endpoint: string;
  /** Sets (or replaces, as a rotation does) a secret's text. */
  setSecret(secretId: string, text: string): void;
  /** From now on, answer every read with this error type (HTTP 400); `undefined` serves again. */
  failWith(errorType: string | undefined): void;
  /**
   * From now on, answer no read: `hang` accepts it and never replies, `trickle` replies with headers and
   * an endless body, a byte at a time; `undefined` serves again (reads already stalled stay stalled).
   */
  stall(mode: "hang" | "trickle" | undefined): void;
  /** GetSecretValue calls received, failed or not. */
  readonly reads: () => number;
  close(): Promise<void>;
}

export async function startFakeSecretsManager(): Promise<FakeSecretsManager> {
  const secrets = new Map<string, string>();
  let failure: string | undefined;
  let stalled: "hang" | "trickle" | undefined;
  let reads = 0;
  const responses = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    responses.add(response);
    response.on("close", () => responses.delete(response));
    void readBody(request).then((body) => {
      const reply = (status: number, payload: object) => replyJson(response, status, payload, "1.1");
      if (request.headers["x-amz-target"] !== "secretsmanager.GetSecretValue") return reply(400, { __type: "UnknownOperationException", message: "unsupported" });
      reads += 1;
      if (stalled === "hang") return;
      if (stalled === "trickle") return trickle(response, "application/x-amz-json-1.1");
      if (failure !== undefined) return reply(400, { __type: failure, message: `refused by the fake (${failure})` });
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      const text = secrets.get(SecretId);
      if (text === undefined) return reply(400, { __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." });
      return reply(200, { ARN: SecretId, Name: SecretId, SecretString: text, VersionId: "v1", CreatedDate: 1_700_000_000 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setSecret: (secretId, text) => void secrets.set(secretId, text),
    failWith: (errorType) => {
      failure = errorType;
    },
    stall: (mode) => {
      stalled = mode;
    },
    reads: () => reads,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of responses) response.destroy();
        server.close(() => resolve());
      }),
  };
}
