/**
 * An endpoint that answers every request with HTTP 200 headers and then a body that trickles, one byte
 * every {@link TRICKLE_INTERVAL_MS}, and never ends: the failure mode an idle-socket timeout cannot see
 * (the SDK's `requestTimeout` is reset by every byte), so only a deadline that aborts the call bounds it.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The pause between two bytes, well under the SDK's 1-2 s request timeouts. */
export const TRICKLE_INTERVAL_MS = 200;

export interface TricklingEndpoint {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Requests received so far. */
  readonly requests: () => number;
  close(): Promise<void>;
}

/** Starts trickling an endless body on `response`; stops when the client goes away. */
export function trickle(response: ServerResponse, contentType = "application/x-amz-json-1.0"): void {
  response.writeHead(200, { "content-type": contentType, "content-length": "1000000" });
  response.write("{");
  const timer = setInterval(() => response.write(" "), TRICKLE_INTERVAL_MS);
  response.on("close", () => clearInterval(timer));
}

export async function startTricklingEndpoint(): Promise<TricklingEndpoint> {
  let requests = 0;
  const responses = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    requests += 1;
    responses.add(response);
    response.on("close", () => responses.delete(response));
    request.resume();
    request.on("end", () => trickle(response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of responses) response.destroy();
        server.close(() => resolve());
      }),
  };
}
