/**
 * A stand-in for the Step Functions API on loopback: it speaks the JSON 1.0 protocol of
 * `AWSStepFunctions.StartExecution`, records every call, and can be told to refuse. Only
 * StartExecution is needed: the handlers never call anything else, and the state machine itself is
 * the simulator's business.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SFNClient } from "@aws-sdk/client-sfn";
import { LOCAL_AWS_ENVIRONMENT } from "../../sim/aws/local-dynamodb";
import { readBody, replyJson } from "./loopback-json-server";

/** One StartExecution as received. */
export interface RecordedStartExecution {
  readonly stateMachineArn: string;
  readonly name: string;
  /** The parsed execution input. */
  readonly input: unknown;
  readonly executionArn: string;
}

/** A running fake. */
export interface FakeStepFunctions {
  /** The endpoint URL, e.g. for `AWS_ENDPOINT_URL_SFN`. */
  readonly endpoint: string;
  /** Every successful StartExecution so far, in arrival order. */
  readonly executions: RecordedStartExecution[];
  /** Every request received, refused or not. */
  readonly requestCount: () => number;
  /** From now on, refuse StartExecution with this error type (HTTP 400); `undefined` accepts again. */
  refuseWith(errorType: string | undefined): void;
  /** Called after each accepted StartExecution, before the answer is sent. */
  onStart(listener: ((execution: RecordedStartExecution) => void | Promise<void>) | undefined): void;
  /** Forgets recorded calls and resets refusal and listener. */
  reset(): void;
  /** A client for this fake with dummy credentials. */
  client(): SFNClient;
  close(): Promise<void>;
}

export async function startFakeStepFunctions(): Promise<FakeStepFunctions> {
  const executions: RecordedStartExecution[] = [];
  let requests = 0;
  let refusal: string | undefined;
  let listener: ((execution: RecordedStartExecution) => void | Promise<void>) | undefined;

  const server: Server = createServer((request, response) => {
    requests += 1;
    void handle(request, response).catch((error: unknown) => reply(response, 500, { __type: "InternalFailure", message: String(error) }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const target = request.headers["x-amz-target"];
    if (target !== "AWSStepFunctions.StartExecution") return reply(response, 400, { __type: "UnknownOperationException", message: `unsupported ${String(target)}` });
    if (refusal !== undefined) return reply(response, 400, { __type: refusal, message: `refused by the fake (${refusal})` });
    const { stateMachineArn, name, input } = JSON.parse(body) as { stateMachineArn: string; name: string; input: string };
    const executionArn = `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
    const execution = { stateMachineArn, name, input: JSON.parse(input) as unknown, executionArn };
    executions.push(execution);
    await listener?.(execution);
    reply(response, 200, { executionArn, startDate: 1_700_000_000 });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    executions,
    requestCount: () => requests,
    refuseWith: (errorType) => {
      refusal = errorType;
    },
    onStart: (next) => {
      listener = next;
    },
    reset: () => {
      executions.length = 0;
      requests = 0;
      refusal = undefined;
      listener = undefined;
    },
    client: () =>
      new SFNClient({
        endpoint,
        region: LOCAL_AWS_ENVIRONMENT.AWS_REGION,
        credentials: { accessKeyId: LOCAL_AWS_ENVIRONMENT.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENVIRONMENT.AWS_SECRET_ACCESS_KEY },
        // A refused start must fail at once, not after the SDK's backoff.
        maxAttempts: 1,
      }),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function reply(response: ServerResponse, status: number, body: object): void {
  replyJson(response, status, body, "1.0");
}
