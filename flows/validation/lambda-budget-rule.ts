import type { FlowAction, FlowIssue } from "../flow-json";
import { solveForward } from "./dataflow";
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
 * Connect gives a sequence of Lambda calls about 20 s in total and then takes the error path; a prompt to the
 * caller resets the count. Finds paths whose synchronous Lambda time limits add up past the budget with no
 * prompt in between (a Lambda loop without a prompt always does).
 */
export const lambdaBudgetRule: FlowRule = {
  name: "lambda-budget",
  check(context) {
    const budget = context.options.lambdaBudgetSeconds;
    const cap = budget + 1;
    const findings = new Map<string, FlowIssue>();
    solveForward<Chain>(context, {
      initial: { seconds: 0, lambdas: [] },
      join: (a, b) => (b.seconds > a.seconds ? b : a),
      equals: (a, b) => a.seconds === b.seconds,
      transfer(action, input) {
        if (CALLER_INTERACTION_ACTION_TYPES.has(action.Type)) return { seconds: 0, lambdas: [] };
        const seconds = worstCaseSeconds(action);
        if (seconds === 0) return input;
        const chain = { seconds: input.seconds + seconds, lambdas: [...input.lambdas, action.Identifier] };
        if (input.seconds <= budget && chain.seconds > budget && !findings.has(action.Identifier)) {
          findings.set(action.Identifier, overBudget(action, chain, budget, context.actionsById));
        }
        return { seconds: Math.min(chain.seconds, cap), lambdas: chain.lambdas };
      },
    });
    return [...findings.values()];
  },
};

function overBudget(action: FlowAction, chain: Chain, budget: number, actionsById: ReadonlyMap<string, FlowAction>): FlowIssue {
  const shown = chain.lambdas.slice(-6).map((id) => `"${id}" (${worstCaseSeconds(actionsById.get(id) as FlowAction)} s)`);
  const prefix = chain.lambdas.length > 6 ? "… → " : "";
  return blockIssue(action, "warning", FLOW_ISSUE_CODE.LAMBDA_CHAIN_TOO_LONG,
    `${describeBlock(action)} ends a run of Lambda calls with no prompt in between: ${prefix}${shown.join(" → ")}, up to ${chain.seconds} s on the worst path. ` +
    `Connect allows about ${budget} s of consecutive Lambda time and then takes the error path. Play a prompt between the calls, lower their InvocationTimeLimitSeconds, or move the slow work behind connect-async's asyncInvoke.`);
}
