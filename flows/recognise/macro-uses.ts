/**
 * Finds the uses of the async macro (flows/async) in any flow JSON: each use's blocks, the transitions
 * that leave it with their outcome, and how long it lets the caller wait, so a diagram can draw each as
 * one node with its success, failure and timeout edges and ContactFlow can check the wait against the
 * operation.
 *
 * A use is recognised by the calls it makes: a `start` invocation (start-invocations.ts) whose next block
 * saves `$.External.asyncRequestId` in the flow attribute `<id>_asyncRequestId`, and `poll` invocations
 * that send `asyncRequestId` = `$.FlowAttributes.<id>_asyncRequestId`. The attribute names the use's id.
 * Its blocks are those reachable from its first block without leaving through an outcome (the status and
 * deadline rules of outcome-transitions.ts). When the flow carries builder names
 * (flows/diagram/block-name-metadata.ts), every block is also named `"<id>: <role>"`, and membership is
 * exact; without names, only the kinds of blocks the macro builds are taken in. Both wait strategies
 * (loop, and event: asynchronous poll, Wait, Load result) fit this description.
 */
import type { FlowAction, FlowJson } from "../flow-json";
import { ActionResult, ActionType } from "../flow-language";
import { AsyncParameter } from "../private/async-response";
import { FLOW_EDGE_KIND, actionEdges, uniqueActions, type FlowEdge } from "../validation/flow-edges";
import { CHANNEL_REFERENCE, ELAPSED_REFERENCE, STATUS_REFERENCE, flowAttributes, invocationAttributes, isDeadlineCheck, isStatusCheck, polledMacroIdOf, savedMacroIdOf } from "./macro-blocks";
import { AsyncOutcome, deadlineTransitions, statusCheckTransitions } from "./outcome-transitions";
import { findStartInvocations } from "./start-invocations";
import { worstCaseSeconds } from "./wait-bound";

/** How the flow leaves a use of the macro. `continue` is the start half's way on (asyncStart). */
export const MacroOutcome = { ...AsyncOutcome, continue: "continue" } as const;
export type MacroOutcome = (typeof MacroOutcome)[keyof typeof MacroOutcome];

/** One edge out of a macro use, to a block outside it. */
export interface MacroExit {
  /** The macro block the transition leaves from. */
  readonly from: string;
  /** The block outside the macro it leads to. */
  readonly to: string;
  readonly outcome: MacroOutcome;
}

/** Which part of the macro a use is: all of it (asyncInvoke), or one half of asyncStart … asyncAwait. */
export const MacroPart = { whole: "whole", start: "start", await: "await" } as const;
export type MacroPart = (typeof MacroPart)[keyof typeof MacroPart];

/** One use of the macro. */
export interface AsyncMacroUse {
  /** The macro id (`lookUpAccount`), from the flow attribute that holds the request id. */
  readonly id: string;
  /** asyncInvoke is `whole`; asyncStart's blocks are the `start`, asyncAwait's the `await`, each a use of its own. */
  readonly part: MacroPart;
  /** The operation `start` runs, when this use includes the start. */
  readonly operation?: string;
  /** The use's first block: the start, or for a wait without its start (asyncAwait) the first poll. */
  readonly entry: string;
  /** Every block of the use, entry included. */
  readonly members: ReadonlySet<string>;
  /** The transitions that leave it, in the order of the flow's actions. */
  readonly exits: ReadonlyArray<MacroExit>;
  /**
   * The longest the caller waits for an outcome, in whole seconds, rounded up, as the strategy's plan
   * sized it (flows/async/loop/loop-plan.ts, flows/async/event/event-plan.ts; see wait-bound.ts).
   * Undefined when the use has no deadline check.
   */
  readonly maxWaitSeconds?: number;
}

/** What the macro's checks compare besides its own flow attributes: its answers, and the channel it splits the wait on. */
const MACRO_COMPARISONS: ReadonlySet<string> = new Set([STATUS_REFERENCE, ELAPSED_REFERENCE, CHANNEL_REFERENCE]);

/** The kinds of blocks the macro builds: without names, membership stops at anything else. */
const MACRO_BLOCK_TYPES: ReadonlySet<string> = new Set([
  ActionType.InvokeLambdaFunction,
  ActionType.LoadLambdaFunctionResult,
  ActionType.UpdateFlowAttributes,
  ActionType.Compare,
  ActionType.Loop,
  ActionType.MessageParticipant,
  ActionType.MessageParticipantIteratively,
  ActionType.Wait,
]);

/** Every use of the macro in `flow`, in the order of their first blocks. `blockNames` makes membership exact. */
export function findAsyncMacroUses(flow: FlowJson, blockNames: ReadonlyMap<string, string> = new Map()): AsyncMacroUse[] {
  const actions = uniqueActions(flow);
  const byId = new Map(actions.map((action) => [action.Identifier, action]));
  const entries = macroEntries(flow, actions);
  const outcomes = outcomeTargets(actions, byId);
  const claimed = new Set<string>();
  const uses: AsyncMacroUse[] = [];
  for (const { id, entry, operation } of entries) {
    if (claimed.has(entry)) continue; // a poll already inside the start's use is not an asyncAwait of its own
    const members = collectMembers(id, entry, byId, blockNames, outcomes, claimed, new Set(entries.filter((other) => other.id !== id).map((other) => other.entry)));
    for (const member of members) claimed.add(member);
    const exits = exitsOf(members, actions, outcomes);
    const maxWaitSeconds = worstCaseSeconds([...members].map((member) => byId.get(member) as FlowAction));
    const part = operation === undefined ? MacroPart.await : exits.some((exit) => exit.outcome === MacroOutcome.continue) && !exits.some((exit) => exit.outcome === MacroOutcome.success) ? MacroPart.start : MacroPart.whole;
    uses.push({ id, part, entry, members, exits, ...(operation !== undefined ? { operation } : {}), ...(maxWaitSeconds !== undefined ? { maxWaitSeconds } : {}) });
  }
  return uses;
}

interface MacroEntry {
  readonly id: string;
  readonly entry: string;
  readonly operation?: string;
}

/** Starts with their save block, then first polls of waits whose start is elsewhere (asyncAwait). */
function macroEntries(flow: FlowJson, actions: ReadonlyArray<FlowAction>): MacroEntry[] {
  const found: MacroEntry[] = [];
  const startedIds = new Set<string>();
  for (const start of findStartInvocations(flow)) {
    const id = start.macroId;
    if (id === undefined || startedIds.has(id)) continue;
    startedIds.add(id);
    found.push({ id, entry: start.blockId, operation: start.operation });
  }
  // The first poll of each id (it sends no wait start yet): the entry of an asyncAwait unless the start's use takes it in.
  const pollsById = new Map<string, FlowAction[]>();
  for (const action of actions) {
    const id = polledMacroIdOf(action);
    if (id !== undefined) pollsById.set(id, [...(pollsById.get(id) ?? []), action]);
  }
  for (const [id, polls] of pollsById) {
    const first = polls.find((poll) => !(AsyncParameter.waitStartedAt in (invocationAttributes(poll) ?? {})));
    if (first !== undefined) found.push({ id, entry: first.Identifier });
  }
  return found;
}

/** The ids of outcome targets: what the status and deadline checks lead to outside the wait. */
interface OutcomeTargets {
  readonly byEdge: Map<string, MacroOutcome>;
  readonly byTarget: Map<string, MacroOutcome>;
}

/** The status and deadline checks' outcomes (outcome-transitions.ts); a later check's word on an edge wins. */
function outcomeTargets(actions: ReadonlyArray<FlowAction>, byId: ReadonlyMap<string, FlowAction>): OutcomeTargets {
  const byEdge = new Map<string, MacroOutcome>();
  const byTarget = new Map<string, MacroOutcome>();
  for (const action of actions) {
    const found = isStatusCheck(action) ? statusCheckTransitions(action, byId) : isDeadlineCheck(action) ? deadlineTransitions(action, byId) : [];
    for (const { from, to, outcome } of found) {
      byEdge.set(edgeKey(from, to), outcome);
      if (!byTarget.has(to)) byTarget.set(to, outcome);
    }
  }
  return { byEdge, byTarget };
}

function collectMembers(
  id: string,
  entry: string,
  byId: ReadonlyMap<string, FlowAction>,
  blockNames: ReadonlyMap<string, string>,
  outcomes: OutcomeTargets,
  claimed: ReadonlySet<string>,
  otherEntries: ReadonlySet<string>,
): Set<string> {
  const named = [...byId.keys()].some((identifier) => blockNames.get(identifier)?.startsWith(`${id}: `));
  const belongs = (action: FlowAction): boolean => {
    if (named) return blockNames.get(action.Identifier)?.startsWith(`${id}: `) === true;
    if (!MACRO_BLOCK_TYPES.has(action.Type)) return false;
    if (action.Type === ActionType.InvokeLambdaFunction) return polledMacroIdOf(action) === id || action.Identifier === entry;
    if (action.Type === ActionType.UpdateFlowAttributes) return Object.keys(flowAttributes(action)).every((key) => key.startsWith(`${id}_`));
    if (action.Type === ActionType.Compare) {
      const compared = String(action.Parameters.ComparisonValue);
      return MACRO_COMPARISONS.has(compared) || compared.startsWith(`$.FlowAttributes.${id}_`);
    }
    return true;
  };
  const members = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const action = byId.get(queue.shift() as string);
    if (action === undefined) continue;
    // The start half of asyncStart hands on to the author's blocks after saving the request id.
    if (savedMacroIdOf(action) === id && !isStatusCheck(byId.get(action.Transitions.NextAction ?? ""))) {
      if (!named) continue;
    }
    for (const edge of actionEdges(action)) {
      if (members.has(edge.to) || claimed.has(edge.to) || otherEntries.has(edge.to) || outcomes.byEdge.has(edgeKey(edge.from, edge.to))) continue;
      if (!named && outcomes.byTarget.has(edge.to)) continue;
      const target = byId.get(edge.to);
      if (target === undefined || !belongs(target)) continue;
      members.add(edge.to);
      queue.push(edge.to);
    }
  }
  return members;
}

function exitsOf(members: ReadonlySet<string>, actions: ReadonlyArray<FlowAction>, outcomes: OutcomeTargets): MacroExit[] {
  const exits: MacroExit[] = [];
  for (const action of actions) {
    if (!members.has(action.Identifier)) continue;
    for (const edge of actionEdges(action)) {
      if (members.has(edge.to)) continue;
      const exit = { from: edge.from, to: edge.to, outcome: classifyExit(action, edge, outcomes) };
      if (!exits.some((known) => known.from === exit.from && known.to === exit.to && known.outcome === exit.outcome)) exits.push(exit);
    }
  }
  return exits;
}

function classifyExit(action: FlowAction, edge: FlowEdge, outcomes: OutcomeTargets): MacroOutcome {
  const known = outcomes.byEdge.get(edgeKey(edge.from, edge.to));
  if (known !== undefined) return known;
  if (action.Type === ActionType.UpdateFlowAttributes && edge.kind === FLOW_EDGE_KIND.Next) return MacroOutcome.continue;
  // A Loop or Wait running out leads where the deadline check's timeout does; a failed invocation or
  // the poll-error Loop running out leads where a failed status does.
  const byTarget = outcomes.byTarget.get(edge.to);
  if (byTarget !== undefined) return byTarget;
  const ranOut = edge.kind === FLOW_EDGE_KIND.Condition && (edge.condition?.Operands?.[0] === ActionResult.DoneLooping || edge.condition?.Operands?.[0] === ActionResult.WaitCompleted);
  return ranOut ? MacroOutcome.timeout : MacroOutcome.failure;
}

function edgeKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}
