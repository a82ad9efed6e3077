/**
 * What changed between two versions of a flow, block by block: blocks added, removed, and changed in
 * their parameters or their transitions (designer positions are not a change). Blocks are paired by
 * flows/diff/block-matching.ts; a transition counts as unchanged when it leads to the block that the old
 * target became.
 */
import type { FlowAction, FlowJson, FlowParameterValue } from "../flow-json";
import { actionEdges, uniqueActions, type FlowEdge, FLOW_EDGE_KIND } from "../validation/flow-edges";
import { blockLabelLines, conditionLabel, designerName, errorLabel, truncate } from "../diagram/block-label";
import { blockNamesOf } from "../diagram/block-name-metadata";
import { matchBlocks, MatchMethod, type BlockMatch } from "./block-matching";

export const BlockChangeKind = { added: "added", removed: "removed", changed: "changed" } as const;
export type BlockChangeKind = (typeof BlockChangeKind)[keyof typeof BlockChangeKind];

/** One parameter that differs; a side is absent when the parameter is new or gone. */
export interface ParameterChange {
  /** Dotted path inside `Parameters`, e.g. `LambdaInvocationAttributes.accountId`. */
  readonly path: string;
  /** JSON text of the old value. */
  readonly before?: string;
  /** JSON text of the new value. */
  readonly after?: string;
}

/** One transition, in words: `Error → Play prompt "Sorry…"`. */
export interface TransitionChange {
  readonly before: ReadonlyArray<string>;
  readonly after: ReadonlyArray<string>;
}

export interface BlockChange {
  readonly kind: BlockChangeKind;
  /** The block in the old flow (removed and changed blocks). */
  readonly oldId?: string;
  /** The block in the new flow (added and changed blocks). */
  readonly newId?: string;
  readonly type: string;
  /** How people know the block: its builder name, or its type and key parameter. */
  readonly label: string;
  /** How the two versions were paired (changed blocks). */
  readonly match?: { readonly method: MatchMethod; readonly confidence: number };
  /** Changed blocks: the parameters that differ. */
  readonly parameters?: ReadonlyArray<ParameterChange>;
  /** Changed blocks whose transitions differ. */
  readonly transitions?: TransitionChange;
}

export interface FlowDiff {
  /** Changes in the order of the new flow's actions, removed blocks after them in the old flow's order. */
  readonly changes: ReadonlyArray<BlockChange>;
  /** Blocks present in both with the same parameters and transitions. */
  readonly unchangedCount: number;
  /** Whether the flow starts at a different block. */
  readonly startChanged: boolean;
  /** Every pairing of old and new blocks, including unchanged ones. */
  readonly matches: ReadonlyArray<BlockMatch>;
  /** How many pairs were matched by structure rather than by Identifier, and the least confident of them. */
  readonly structuralMatches: { readonly count: number; readonly lowestConfidence?: number };
}

/** Compares two flows. Pure and deterministic. */
export function diffFlows(before: FlowJson, after: FlowJson): FlowDiff {
  const matches = matchBlocks(before, after);
  const oldActions = new Map(uniqueActions(before).map((action) => [action.Identifier, action]));
  const newActions = uniqueActions(after);
  const oldToNew = new Map(matches.map((match) => [match.oldId, match.newId]));
  const newToMatch = new Map(matches.map((match) => [match.newId, match]));
  const oldNames = blockNamesOf(before);
  const newNames = blockNamesOf(after);
  const newById = new Map(newActions.map((action) => [action.Identifier, action]));
  const describeNew = (id: string): string => (newById.has(id) ? labelOf(newById.get(id) as FlowAction, newNames) : `missing block ${id}`);
  const describeOld = (id: string): string => {
    const mapped = oldToNew.get(id);
    if (mapped !== undefined) return describeNew(mapped);
    const action = oldActions.get(id);
    return action === undefined ? `missing block ${id}` : `${labelOf(action, oldNames)} (removed)`;
  };

  const changes: BlockChange[] = [];
  let unchangedCount = 0;
  for (const action of newActions) {
    const match = newToMatch.get(action.Identifier);
    if (match === undefined) {
      changes.push({ kind: BlockChangeKind.added, newId: action.Identifier, type: action.Type, label: labelOf(action, newNames) });
      continue;
    }
    const old = oldActions.get(match.oldId) as FlowAction;
    const parameters = parameterChanges(old.Parameters ?? {}, action.Parameters ?? {});
    const oldTransitions = transitionWords(old, describeOld);
    const newTransitions = transitionWords(action, describeNew);
    const transitionsChanged = JSON.stringify([...oldTransitions].sort()) !== JSON.stringify([...newTransitions].sort());
    if (parameters.length === 0 && !transitionsChanged && old.Type === action.Type) {
      unchangedCount += 1;
      continue;
    }
    changes.push({
      kind: BlockChangeKind.changed,
      oldId: match.oldId,
      newId: action.Identifier,
      type: action.Type,
      label: labelOf(action, newNames),
      match: { method: match.method, confidence: match.confidence },
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(transitionsChanged ? { transitions: { before: oldTransitions, after: newTransitions } } : {}),
    });
  }
  for (const [id, action] of oldActions) {
    if (!oldToNew.has(id)) changes.push({ kind: BlockChangeKind.removed, oldId: id, type: action.Type, label: labelOf(action, oldNames) });
  }
  const structural = matches.filter((match) => match.method === MatchMethod.structure);
  const lowest = structural.length === 0 ? undefined : Math.min(...structural.map((match) => match.confidence));
  return {
    changes,
    unchangedCount,
    startChanged: oldToNew.get(before.StartAction) !== after.StartAction,
    matches,
    structuralMatches: { count: structural.length, ...(lowest !== undefined ? { lowestConfidence: lowest } : {}) },
  };
}

/** `Greeting (Play prompt)` for named blocks, `Play prompt "Thank you…"` for others. */
function labelOf(action: FlowAction, names: ReadonlyMap<string, string>): string {
  const name = names.get(action.Identifier);
  if (name !== undefined) return `${name} (${designerName(action.Type)})`;
  return blockLabelLines(action, undefined).join(" ");
}

function transitionWords(action: FlowAction, describe: (id: string) => string): string[] {
  return actionEdges(action).map((edge) => `${edgeWord(action, edge)} → ${describe(edge.to)}`);
}

function edgeWord(action: FlowAction, edge: FlowEdge): string {
  switch (edge.kind) {
    case FLOW_EDGE_KIND.Next:
      return "next";
    case FLOW_EDGE_KIND.Error:
      return edge.errorType === "NoMatchingCondition" ? "otherwise" : errorLabel(edge.errorType);
    case FLOW_EDGE_KIND.Condition:
      return conditionLabel(action.Type, edge.condition);
  }
}

const VALUE_LENGTH = 80;

function parameterChanges(before: { readonly [key: string]: FlowParameterValue }, after: { readonly [key: string]: FlowParameterValue }): ParameterChange[] {
  const left = new Map(leaves(before));
  const right = new Map(leaves(after));
  const paths = [...new Set([...left.keys(), ...right.keys()])];
  return paths
    .filter((path) => left.get(path) !== right.get(path))
    .map((path) => ({
      path,
      ...(left.has(path) ? { before: truncate(left.get(path) as string, VALUE_LENGTH) } : {}),
      ...(right.has(path) ? { after: truncate(right.get(path) as string, VALUE_LENGTH) } : {}),
    }));
}

function leaves(value: FlowParameterValue | { readonly [key: string]: FlowParameterValue }, path = ""): Array<[string, string]> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && path !== "") return [[path, "{}"]];
    return entries.flatMap(([key, child]) => leaves(child, path === "" ? key : `${path}.${key}`));
  }
  return [[path, JSON.stringify(value)]];
}
