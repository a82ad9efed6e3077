/**
 * Runs figure 6's points several at a time, each in a child process of its own (point-process.ts): a
 * simulation is single-threaded CPU work, and a 10,000-caller crowd takes minutes, so on a machine of N
 * cores N points at once fit the figure into its time. A child runs one point after another; what comes
 * back is plain JSON, in the order of the inputs whatever order they finish in. With one process the
 * points run here, one by one, which is also how a child runs them.
 */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { runCrowdPoint, type CrowdPoint, type CrowdPointSpec } from "./point";

/** Options of {@link runCrowdPoints}. */
export interface PoolOptions {
  /** How many children run at once; 1 runs the points in this process. */
  readonly processes: number;
  /** Called as each point finishes. */
  readonly onDone?: (spec: CrowdPointSpec) => void;
}

/** What a child sends back for one point. */
export type PointReply = { readonly index: number; readonly point: CrowdPoint } | { readonly index: number; readonly error: string };

/** The child's script: the same file type as this one, so it runs from sources (tsx) and from a build alike. */
const CHILD_SCRIPT = path.join(__dirname, `point-process${path.extname(__filename)}`);

/** The points' results, in the order of `specs`. */
export async function runCrowdPoints(specs: ReadonlyArray<CrowdPointSpec>, options: PoolOptions): Promise<CrowdPoint[]> {
  const results: CrowdPoint[] = new Array(specs.length);
  if (options.processes <= 1 || specs.length <= 1) {
    for (const [index, spec] of specs.entries()) {
      results[index] = await runCrowdPoint(spec);
      options.onDone?.(spec);
    }
    return results;
  }
  let next = 0;
  const children: ChildProcess[] = [];
  try {
    await Promise.all(
      Array.from({ length: Math.min(options.processes, specs.length) }, async () => {
        // The parent's execArgv (tsx's loader under `tsx bench/run.ts`) lets the child load TypeScript too.
        const child = fork(CHILD_SCRIPT, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
        children.push(child);
        for (let index = next++; index < specs.length; index = next++) {
          const reply = await ask(child, index, specs[index]);
          if ("error" in reply) throw new Error(`crowd point ${JSON.stringify(specs[index])} failed: ${reply.error}`);
          results[index] = reply.point;
          options.onDone?.(specs[index]);
        }
      }),
    );
  } finally {
    for (const child of children) child.kill();
  }
  return results;
}

/** Sends one point to `child` and waits for its reply, or for the child to die. */
function ask(child: ChildProcess, index: number, spec: CrowdPointSpec): Promise<PointReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: PointReply) => {
      if (reply.index !== index) return;
      child.off("exit", onExit);
      child.off("message", onMessage);
      resolve(reply);
    };
    const onExit = (code: number | null, signal: string | null) => {
      child.off("message", onMessage);
      reject(new Error(`the process simulating crowd point ${JSON.stringify(spec)} exited (${signal ?? `code ${code}`}) before answering`));
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send({ index, spec });
  });
}
