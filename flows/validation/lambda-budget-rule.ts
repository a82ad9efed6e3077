import type { FlowAction, FlowIssue } from "../flow-json";
import { ActionResult } from "../flow-language";
import { solveForward } from "./dataflow";
import { FLOW_EDGE_KIND } from "./flow-edges";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { isAsynchronousInvoke, MAX_SYNC_LAMBDA_SECONDS } from "./lambda-rules";
import { readNumericParameter } from "./parameter-values";
import { blockIssue, describeBlock, type FlowRule } from "./rule";
import { ACTION_TYPE, CALLER_INTERACTION_ACTION_TYPES } from "./vocabulary";

/** Seconds of synchronous Lambda time since the last prompt on the worst path, and the Lambdas that make it. */
interface Chain {
  readonly seconds: number;
  readonly lambdas: ReadonlyArray<string>;
}

/** The worst case a synchronous Lambda block may take: its time limit, or 8 s when that is not a plain number. */
function worstCaseSeconds(action: FlowAction): number {
  if (action.Type !== ACTION_TYPE.InvokeLambdaFunction || isAsynchronousInvoke(action)) return 0;
  const limit = readNumericParameter(action.Parameters.InvocationTimeLimitSeconds);
  return limit.kind === "number" && limit.value > 0 ? limit.value : MAX_SYNC_LAMBDA_SECONDS;
}

/**
 * The chains reaching a block, one per count of turns taken in the Loops the path is inside. A Loop with a
 * literal LoopCount N lets its ContinueLooping branch run at most N times before DoneLooping (which resets
 * the count), so a Lambda retried inside `Loop(1)` adds its time twice, not forever. Keys are the turn
 * counts as text (`loopId=turns,…`); "*" stands for unknown counts once a state would hold too many keys,
 * and then loops are treated as unbounded (the old, cautious reading).
 */
type Chains = ReadonlyMap<string, Chain>;

const UNKNOWN_TURNS = "*";
/** More distinct turn-count combinations than this at one block, and they are merged into "*". */
const MAX_TURN_KEYS = 16;

/**
 * Connect gives a sequence of Lambda calls about 20 s in total and then takes the error path; a prompt to the
 * caller resets the count. Finds paths whose synchronous Lambda time limits add up past the budget with no
 * prompt in between (a Lambda loop without a prompt does, unless its Loop count bounds it under the budget).
 * Asynchronous invocations and Load result take no time here: the flow does not wait for them.
 */
export const lambdaBudgetRule: FlowRule = {
  name: "lambda-budget",
  check(context) {
    const budget = context.options.lambdaBudgetSeconds;
    const cap = budget + 1;
    const findings = new Map<string, FlowIssue>();
    const { actionsById } = context;
    solveForward<Chains>(context, {
      initial: new Map([["", { seconds: 0, lambdas: [] }]]),
      transfer(action, input) {
        // After a prompt the chain restarts, and the turn counts are forgotten: assuming every Loop has all its
        // turns left can only lengthen a chain, so this keeps warnings sound and the states few.
        if (CALLER_INTERACTION_ACTION_TYPES.has(action.Type)) return new Map([["", { seconds: 0, lambdas: [] }]]);
        const output = new Map<string, Chain>();
        for (const [turns, chain] of input) {
          const seconds = worstCaseSeconds(action);
          if (seconds === 0) {
            output.set(turns, chain);
            continue;
          }
          const longer = { seconds: chain.seconds + seconds, lambdas: [...chain.lambdas, action.Identifier] };
          if (chain.seconds <= budget && longer.seconds > budget && !findings.has(action.Identifier)) {
            findings.set(action.Identifier, overBudget(action, longer, budget, actionsById));
          }
          output.set(turns, { seconds: Math.min(longer.seconds, cap), lambdas: longer.lambdas.slice(-7) });
        }
        return output;
      },
      alongEdge(edge, leaving) {
        const loop = actionsById.get(edge.from) as FlowAction;
        if (loop.Type !== ACTION_TYPE.Loop || edge.kind === FLOW_EDGE_KIND.Error) return leaving;
        const turn = edge.kind === FLOW_EDGE_KIND.Condition && edge.condition?.Operands?.[0] === ActionResult.ContinueLooping;
        const limit = readNumericParameter(loop.Parameters.LoopCount);
        const maxTurns = limit.kind === "number" && Number.isInteger(limit.value) && limit.value >= 0 ? limit.value : undefined;
        const along = new Map<string, Chain>();
        for (const [turns, chain] of leaving) {
          const next = stepTurns(turns, loop.Identifier, turn, maxTurns);
          if (next !== undefined) along.set(next, longest(along.get(next), chain));
        }
        return capKeys(along);
      },
      join: (a, b) => {
        const joined = new Map(a);
        for (const [turns, chain] of b) joined.set(turns, longest(joined.get(turns), chain));
        return capKeys(joined);
      },
      equals: (a, b) => a.size === b.size && [...a].every(([turns, chain]) => b.get(turns)?.seconds === chain.seconds),
    });
    return [...findings.values()];
  },
};

/**
 * The turn counts after taking a Loop's branch: ContinueLooping adds a turn (undefined when the count is
 * used up, so that path cannot happen); DoneLooping resets the count.
 */
function stepTurns(turns: string, loopId: string, turn: boolean, maxTurns: number | undefined): string | undefined {
  if (turns === UNKNOWN_TURNS || (turn && maxTurns === undefined)) return turns;
  const counts = new Map(turns === "" ? [] : turns.split("\u0000").map((entry): [string, number] => {
    const at = entry.lastIndexOf("=");
    return [entry.slice(0, at), Number(entry.slice(at + 1))];
  }));
  if (turn) {
    const taken = (counts.get(loopId) ?? 0) + 1;
    if (taken > (maxTurns as number)) return undefined;
    counts.set(loopId, taken);
  } else {
    counts.delete(loopId);
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, count]) => `${id}=${count}`).join("\u0000");
}

function longest(a: Chain | undefined, b: Chain): Chain {
  return a === undefined || b.seconds > a.seconds ? b : a;
}

/** Merges every key into "*" once there are too many, keeping the longest chain: bounded work on any flow. */
function capKeys(chains: Map<string, Chain>): Chains {
  if (chains.size <= MAX_TURN_KEYS) return chains;
  let worst: Chain | undefined;
  for (const chain of chains.values()) worst = longest(worst, chain);
  return new Map([[UNKNOWN_TURNS, worst as Chain]]);
}

function overBudget(action: FlowAction, chain: Chain, budget: number, actionsById: ReadonlyMap<string, FlowAction>): FlowIssue {
  const shown = chain.lambdas.slice(-6).map((id) => `"${id}" (${worstCaseSeconds(actionsById.get(id) as FlowAction)} s)`);
  const prefix = chain.lambdas.length > 6 ? "… → " : "";
  return blockIssue(action, "warning", FLOW_ISSUE_CODE.LAMBDA_CHAIN_TOO_LONG,
    `${describeBlock(action)} ends a run of Lambda calls with no prompt in between: ${prefix}${shown.join(" → ")}, up to ${chain.seconds} s on the worst path. ` +
    `Connect allows about ${budget} s of consecutive Lambda time and then takes the error path. Play a prompt between the calls, lower their InvocationTimeLimitSeconds, or move the slow work behind connect-async's asyncInvoke.`);
}
