import type { FlowAction } from "../flow-json";
import { successorIds } from "./flow-edges";
import type { FlowRuleContext } from "./rule";

/** A forward "on some path" analysis: facts flow along every transition and merge by union. */
export interface ForwardAnalysis<State> {
  /** The state entering the start block. */
  readonly initial: State;
  /** The state leaving `action`, given the state entering it. Must be monotone for the analysis to end. */
  transfer(action: FlowAction, input: State): State;
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
  while (pending.length > 0) {
    const id = pending.shift() as string;
    queued.delete(id);
    const action = actionsById.get(id) as FlowAction;
    const leaving = analysis.transfer(action, entering.get(id) as State);
    for (const next of successorIds(action)) {
      if (!actionsById.has(next)) continue;
      const before = entering.get(next);
      const after = before === undefined ? leaving : analysis.join(before, leaving);
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

/** Set-of-strings facts: the usual state of a may-analysis. */
export const factSetOperations = {
  join: (a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> => new Set([...a, ...b]),
  equals: (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((fact) => b.has(fact)),
};
