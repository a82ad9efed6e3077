/**
 * Which block of the old flow became which block of the new one.
 *
 * Blocks with the same Identifier match for certain: flows built here derive Identifiers from names,
 * and a console export keeps a block's Identifier from one export to the next. Blocks left over (a
 * flow exported from another instance, or recreated in the console, gets new random Identifiers) match
 * by structure: same type, similar parameters, and neighbours that match each other. Each such match
 * carries a confidence from 0 to 1; pairs below {@link MIN_STRUCTURAL_CONFIDENCE} stay unmatched and
 * show as one removed and one added block.
 */
import type { FlowAction, FlowJson, FlowParameterValue } from "../flow-json";
import { actionEdges, uniqueActions } from "../validation/flow-edges";

/** How a pair was matched. */
export const MatchMethod = { identifier: "identifier", structure: "structure" } as const;
export type MatchMethod = (typeof MatchMethod)[keyof typeof MatchMethod];

/** One old block and the new block it became. */
export interface BlockMatch {
  readonly oldId: string;
  readonly newId: string;
  readonly method: MatchMethod;
  /** 1 for an Identifier match; for a structural match, how alike the two blocks and their neighbours are (0–1, two decimals). */
  readonly confidence: number;
}

/** Structural matches weaker than this are not trusted. */
export const MIN_STRUCTURAL_CONFIDENCE = 0.5;
/** How much of a structural score comes from the block's own parameters; the rest from its neighbours. */
const PARAMETER_WEIGHT = 0.5;
/** Rounds of re-scoring: each lets matched neighbours vouch for the next blocks along the flow. */
const ROUNDS = 3;

/** Matches the blocks of `before` and `after`, in the order of `before`'s actions. */
export function matchBlocks(before: FlowJson, after: FlowJson): BlockMatch[] {
  const oldActions = uniqueActions(before);
  const newActions = uniqueActions(after);
  const newIds = new Set(newActions.map((action) => action.Identifier));
  const matches = new Map<string, BlockMatch>();
  for (const action of oldActions) {
    if (newIds.has(action.Identifier)) matches.set(action.Identifier, { oldId: action.Identifier, newId: action.Identifier, method: MatchMethod.identifier, confidence: 1 });
  }

  const oldGraph = neighbourhood(before, oldActions);
  const newGraph = neighbourhood(after, newActions);
  // The Entry points match each other, so the start blocks have a matched neighbour from the first round.
  const entryOld = "\u0000entry";
  const entryNew = "\u0000entry";
  for (let round = 0; round < ROUNDS; round += 1) {
    const oldToNew = new Map<string, string>([[entryOld, entryNew], ...[...matches.values()].map((match): [string, string] => [match.oldId, match.newId])]);
    const matchedNew = new Set(oldToNew.values());
    const candidates: Array<{ oldId: string; newId: string; score: number }> = [];
    for (const oldAction of oldActions) {
      const settled = matches.get(oldAction.Identifier);
      if (settled?.method === MatchMethod.identifier) continue;
      for (const newAction of newActions) {
        if (newAction.Type !== oldAction.Type) continue;
        if (matchedNew.has(newAction.Identifier) && settled?.newId !== newAction.Identifier) continue;
        const score = PARAMETER_WEIGHT * parameterSimilarity(oldAction, newAction) + (1 - PARAMETER_WEIGHT) * neighbourSimilarity(oldAction.Identifier, newAction.Identifier, oldGraph, newGraph, oldToNew);
        if (score >= MIN_STRUCTURAL_CONFIDENCE) candidates.push({ oldId: oldAction.Identifier, newId: newAction.Identifier, score });
      }
    }
    // Best pairs first; ties broken by document order so the result never depends on Map iteration quirks.
    const oldOrder = new Map(oldActions.map((action, index) => [action.Identifier, index]));
    const newOrder = new Map(newActions.map((action, index) => [action.Identifier, index]));
    candidates.sort((a, b) => b.score - a.score || (oldOrder.get(a.oldId) as number) - (oldOrder.get(b.oldId) as number) || (newOrder.get(a.newId) as number) - (newOrder.get(b.newId) as number));
    for (const [key, match] of matches) if (match.method === MatchMethod.structure) matches.delete(key);
    const takenNew = new Set([...matches.values()].map((match) => match.newId));
    for (const candidate of candidates) {
      if (matches.has(candidate.oldId) || takenNew.has(candidate.newId)) continue;
      matches.set(candidate.oldId, { oldId: candidate.oldId, newId: candidate.newId, method: MatchMethod.structure, confidence: Math.round(candidate.score * 100) / 100 });
      takenNew.add(candidate.newId);
    }
  }
  return oldActions.flatMap((action) => {
    const match = matches.get(action.Identifier);
    return match === undefined ? [] : [match];
  });
}

interface Neighbourhood {
  readonly successors: Map<string, string[]>;
  readonly predecessors: Map<string, string[]>;
}

function neighbourhood(flow: FlowJson, actions: ReadonlyArray<FlowAction>): Neighbourhood {
  const successors = new Map<string, string[]>();
  const predecessors = new Map<string, string[]>();
  const link = (from: string, to: string): void => {
    successors.set(from, [...(successors.get(from) ?? []), to]);
    predecessors.set(to, [...(predecessors.get(to) ?? []), from]);
  };
  if (typeof flow.StartAction === "string") link("\u0000entry", flow.StartAction);
  for (const action of actions) for (const edge of actionEdges(action)) link(action.Identifier, edge.to);
  return { successors, predecessors };
}

/** Share of neighbour slots (successors and predecessors) whose blocks are matched to each other. */
function neighbourSimilarity(oldId: string, newId: string, oldGraph: Neighbourhood, newGraph: Neighbourhood, oldToNew: ReadonlyMap<string, string>): number {
  const side = (oldList: ReadonlyArray<string>, newList: ReadonlyArray<string>): [number, number] => {
    const remaining = [...newList];
    let agreeing = 0;
    for (const oldNeighbour of oldList) {
      const index = remaining.indexOf(oldToNew.get(oldNeighbour) ?? "\u0000none");
      if (index >= 0) {
        agreeing += 1;
        remaining.splice(index, 1);
      }
    }
    return [agreeing, Math.max(oldList.length, newList.length)];
  };
  const [outAgree, outTotal] = side(oldGraph.successors.get(oldId) ?? [], newGraph.successors.get(newId) ?? []);
  const [inAgree, inTotal] = side(oldGraph.predecessors.get(oldId) ?? [], newGraph.predecessors.get(newId) ?? []);
  const total = outTotal + inTotal;
  return total === 0 ? 1 : (outAgree + inAgree) / total;
}

/** Share of parameter leaves (path = value) the two blocks have in common; 1 when neither has any. */
export function parameterSimilarity(a: FlowAction, b: FlowAction): number {
  const left = leaves(a.Parameters ?? {});
  const right = new Map(leaves(b.Parameters ?? {}));
  const total = new Set([...left.map(([path]) => path), ...right.keys()]).size;
  if (total === 0) return 1;
  return left.filter(([path, value]) => right.get(path) === value).length / total;
}

/** `Parameters` flattened to `[path, JSON of value]` pairs. */
function leaves(value: FlowParameterValue | { readonly [key: string]: FlowParameterValue }, path = ""): Array<[string, string]> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, path === "" ? key : `${path}.${key}`));
  }
  return [[path, JSON.stringify(value)]];
}
