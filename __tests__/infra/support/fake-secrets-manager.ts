/**
 * A stand-in for Secrets Manager's GetSecretValue on loopback (JSON 1.1 protocol, target
 * `secretsmanager.GetSecretValue`): enough for a handler bundle to read its request-id key through
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER`, as it reads the bridge's secret in AWS.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A running fake holding fixed secrets. */
export interface FakeSecretsManager {
  readonly endpoint: string;
  /** The SecretId of every GetSecretValue received. */
  readonly reads: string[];
  close(): Promise<void>;
}

/** Serves `secrets` (SecretId → SecretString); any other id is ResourceNotFoundException. */
export async function startFakeSecretsManager(secrets: { readonly [secretId: string]: string }): Promise<FakeSecretsManager> {
  const reads: string[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      if (request.headers["x-amz-target"] !== "secretsmanager.GetSecretValue") return reply(response, 400, { __type: "UnknownOperationException", message: "only GetSecretValue" });
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      reads.push(SecretId);
      const value = secrets[SecretId];
      if (value === undefined) return reply(response, 400, { __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." });
      return reply(response, 200, { ARN: SecretId, Name: SecretId.split(":").pop(), SecretString: value, VersionId: "v1", VersionStages: ["AWSCURRENT"], CreatedDate: 1_700_000_000 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reads,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function reply(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
  response.end(JSON.stringify(body));
}
