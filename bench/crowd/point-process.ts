/**
 * A child of process-pool.ts: runs each crowd point it is sent and sends the point back, until its
 * parent disconnects.
 */
import { runCrowdPoint, type CrowdPointSpec } from "./point";
import type { PointReply } from "./process-pool";

process.on("message", (message: { readonly index: number; readonly spec: CrowdPointSpec }) => {
  runCrowdPoint(message.spec).then(
    (point) => process.send?.({ index: message.index, point } satisfies PointReply),
    (error: unknown) => process.send?.({ index: message.index, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies PointReply),
  );
});
process.on("disconnect", () => process.exit(0));
