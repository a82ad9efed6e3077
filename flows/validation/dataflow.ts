import type { FlowAction } from "../flow-json";
import { actionEdges, successorIds, type FlowEdge } from "./flow-edges";
import type { FlowRuleContext } from "./rule";

/** A forward "on some path" analysis: facts flow along every transition and merge by union. */
export interface ForwardAnalysis<State> {
  /** The state entering the start block. */
  readonly initial: State;
  /** The state leaving `action`, given the state entering it. Must be monotone for the analysis to end. */
  transfer(action: FlowAction, input: State): State;
  /**
   * The state along one outgoing edge, when it differs by edge (a channel check's VOICE branch carries only
   * voice; an asynchronous invoke's error branch started no invocation). @default `leaving` on every edge
   */
  alongEdge?(edge: FlowEdge, leaving: State, entering: State): State;
  /**
   * The work this analysis may do, counted as the sum of `size(state)` over the states it transfers. Past it
   * the analysis stops where it is: the checks built on it then report what they found so far. Only flows
   * far larger than any real one (thousands of blocks and functions) reach it.
   * @default no limit
   */
  readonly workLimit?: { readonly size: (state: State) => number; readonly limit: number };
  /** Merges the states of two incoming paths. */
  join(a: State, b: State): State;
  equals(a: State, b: State): boolean;
}

/**
 * Runs the analysis from StartAction to a fixed point and returns the state entering each reached block.
 * The worklist visits blocks in a fixed order, so the result (and any side effect of `transfer`) is
 * deterministic.
 */
export function solveForward<State>({ flow, actionsById }: Pick<FlowRuleContext, "flow" | "actionsById">, analysis: ForwardAnalysis<State>): Map<string, State> {
  const entering = new Map<string, State>();
  if (!actionsById.has(flow.StartAction)) return entering;
  entering.set(flow.StartAction, analysis.initial);
  const pending: string[] = [flow.StartAction];
  const queued = new Set(pending);
  let work = 0;
  while (pending.length > 0) {
    const id = pending.shift() as string;
    queued.delete(id);
    const action = actionsById.get(id) as FlowAction;
    const input = entering.get(id) as State;
    if (analysis.workLimit !== undefined) {
      work += 1 + analysis.workLimit.size(input);
      if (work > analysis.workLimit.limit) break;
    }
    const leaving = analysis.transfer(action, input);
    for (const [next, along] of outgoingStates(action, analysis, leaving, input)) {
      if (!actionsById.has(next)) continue;
      const before = entering.get(next);
      const after = before === undefined ? along : analysis.join(before, along);
      if (before !== undefined && analysis.equals(before, after)) continue;
      entering.set(next, after);
      if (!queued.has(next)) {
        queued.add(next);
        pending.push(next);
      }
    }
  }
  return entering;
}

/** The state each successor receives, in edge order; edges to the same block are joined. */
function outgoingStates<State>(action: FlowAction, analysis: ForwardAnalysis<State>, leaving: State, entering: State): Map<string, State> {
  const states = new Map<string, State>();
  if (analysis.alongEdge === undefined) {
    for (const next of successorIds(action)) states.set(next, leaving);
    return states;
  }
  for (const edge of actionEdges(action)) {
    const along = analysis.alongEdge(edge, leaving, entering);
    const before = states.get(edge.to);
    states.set(edge.to, before === undefined ? along : analysis.join(before, along));
  }
  return states;
}

/** Set-of-strings facts: the usual state of a may-analysis. */
export const factSetOperations = {
  join: (a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> => new Set([...a, ...b]),
  equals: (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((fact) => b.has(fact)),
};
