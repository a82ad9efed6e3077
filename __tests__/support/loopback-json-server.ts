/** What the loopback stand-ins for AWS JSON APIs (Step Functions, Secrets Manager) share. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** The request body as text. */
export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** Answers with `body` as JSON in the AWS JSON protocol `version` (1.0 for Step Functions, 1.1 for Secrets Manager). */
export function replyJson(response: ServerResponse, status: number, body: object, version: "1.0" | "1.1"): void {
  response.writeHead(status, { "content-type": `application/x-amz-json-${version}` });
  response.end(JSON.stringify(body));
}
