/**
 * An endpoint that accepts TCP connections and never answers: the failure mode of a hung AWS
 * dependency (a black-holed route, a stuck proxy) that timeouts must bound. Closing it drops every
 * connection it holds.
 */
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface UnresponsiveEndpoint {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Connections accepted so far. */
  readonly connections: () => number;
  close(): Promise<void>;
}

export async function startUnresponsiveEndpoint(): Promise<UnresponsiveEndpoint> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    // Read and discard, so the client's request is fully sent and then waits for a reply that never comes.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
