import type { FlowAction, FlowIssue } from "../flow-json";
import { ActionResult, ConditionOperator } from "../flow-language";
import { isContinueExecution } from "./condition-rules";
import { successorIds } from "./flow-edges";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { blockIssue, describeBlock, type FlowRule } from "./rule";
import { ACTION_TYPE } from "./vocabulary";

/**
 * The Continue branch of a Wait that keeps running while waiting runs until the awaited event interrupts it
 * (or the time limit passes), so everything reachable from the Continue target is *inside* that branch,
 * however far it goes and wherever it loops: only a block that ends the contact's path (Disconnect, End
 * flow, a transfer) leaves it, and those have no successors inside the flow. Connect rejects a Wait
 * anywhere in there with "Unsupported Action In Wait Action's Continue Branch" (reference §2.1.2, §2.8), the
 * owning Wait included: a branch that runs on into the next round's Wait is the usual mistake.
 */
export const continueBranchRule: FlowRule = {
  name: "wait-continue-branch",
  check({ actions, actionsById }) {
    const findings = new Map<string, FlowIssue>();
    for (const wait of actions) {
      if (wait.Type !== ACTION_TYPE.Wait || !isContinueExecution(wait)) continue;
      const start = continueTarget(wait);
      if (start === undefined || !actionsById.has(start)) continue;
      for (const [inner, path] of waitsReachableFrom(start, actionsById)) {
        if (findings.has(inner.Identifier)) continue;
        findings.set(inner.Identifier, blockIssue(inner, "error", FLOW_ISSUE_CODE.WAIT_IN_CONTINUE_BRANCH,
          `${describeBlock(inner)} runs inside the Continue branch of ${describeBlock(wait)} (${path.map((id) => `"${id}"`).join(" → ")}); Connect rejects a Wait there ("Unsupported Action In Wait Action's Continue Branch"). ` +
          `End the Continue branch in prompts that loop on themselves (hold music, comfort messages) and leave the next wait to the event branch.`));
      }
    }
    return [...findings.values()];
  },
};

function continueTarget(wait: FlowAction): string | undefined {
  return (wait.Transitions.Conditions ?? []).find((transition) =>
    transition.Condition.Operator === ConditionOperator.Equals && Array.isArray(transition.Condition.Operands) &&
    transition.Condition.Operands[0] === ActionResult.Continue)?.NextAction;
}

/** Every Wait reachable from `start` (start included), each with the shortest path to it, in search order. */
function waitsReachableFrom(start: string, actionsById: ReadonlyMap<string, FlowAction>): Array<[FlowAction, string[]]> {
  const found: Array<[FlowAction, string[]]> = [];
  const cameFrom = new Map<string, string | undefined>([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const action = actionsById.get(id) as FlowAction;
    if (action.Type === ACTION_TYPE.Wait) found.push([action, pathTo(id, cameFrom)]);
    for (const next of successorIds(action)) {
      if (cameFrom.has(next) || !actionsById.has(next)) continue;
      cameFrom.set(next, id);
      queue.push(next);
    }
  }
  return found;
}

function pathTo(id: string, cameFrom: ReadonlyMap<string, string | undefined>): string[] {
  const path: string[] = [];
  for (let at: string | undefined = id; at !== undefined; at = cameFrom.get(at)) path.unshift(at);
  return path;
}
