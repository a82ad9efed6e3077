/**
 * The demo operation: the demo backend wrapped drop-in. One definition for the default stack and for
 * the simulator, which must not load CDKTF (this module does not), so the simulated demo is the
 * deployed demo.
 */
import type { OperationProps } from "./operation";

/** The demo operation's name, as the demo flow passes it to `start`. */
export const DEMO_OPERATION = "demo";

/** The demo operation wrapping the demo backend at `targetArn` (a value or a Terraform reference). */
export function demoOperationProps(targetArn: string): OperationProps {
  return {
    name: DEMO_OPERATION,
    target: targetArn,
    inputs: ["accountId", "delayMs", "fail"],
    // Long enough for the timeout path to show on the caller's side (the flow waits about a minute).
    timeoutSeconds: 120,
    // Per contact: every call of the demo should hear the slow path.
    cacheTtlSeconds: 0,
    // Sub-second work answers from start itself; 400 ms of silence is all a slow call pays for it.
    fastPathMs: 400,
    // The loop strategy's synchronous polls watch the item for up to 2 s, so work that completes during
    // a poll is heard at once instead of after the next pause (the event strategy long-polls anyway).
    pollWaitMs: 2000,
  };
}
