/**
 * Finds the uses of the async macro (flows/async) in any flow JSON, so a diagram can draw each as one
 * node with its success, failure and timeout edges.
 *
 * A use is recognised by the calls it makes, as sim/async-branches.ts does: a `start` invocation (it
 * sends `operation`) whose next block saves `$.External.asyncRequestId` in the flow attribute
 * `<id>_asyncRequestId`, and `poll` invocations that send `asyncRequestId` = `$.FlowAttributes.<id>_asyncRequestId`.
 * The attribute names the use's id. Its blocks are those reachable from its first block without leaving
 * through an outcome (the targets of the status checks and of the deadline check). When the flow carries
 * builder names (flows/diagram/block-name-metadata.ts), every block is also named `"<id>: <role>"`, and
 * membership is exact; without names, only the kinds of blocks the macro builds are taken in. Both wait
 * strategies (loop, and event: asynchronous poll, Wait, Load result) fit this description.
 */
import type { FlowAction, FlowJson, FlowParameterValue } from "../flow-json";
import { ActionResult, ActionType, ErrorType, LambdaInvocationType } from "../flow-language";
import { AsyncParameter, AsyncResponseKey, AsyncStatus } from "../private/async-response";
import { promptDurationMs } from "../prompt-duration";
import { FLOW_EDGE_KIND, actionEdges, uniqueActions, type FlowEdge } from "../validation/flow-edges";

/** How the flow leaves a use of the macro. `continue` is the start half's way on (asyncStart). */
export const MacroOutcome = { success: "success", failure: "failure", timeout: "timeout", continue: "continue" } as const;
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
   * sized it (flows/async/loop/loop-plan.ts, flows/async/event/event-plan.ts; see worstCaseSeconds below).
   * Undefined when the use has no deadline check.
   */
  readonly maxWaitSeconds?: number;
}

const STATUS_REFERENCE = `$.External.${AsyncResponseKey.status}`;
const ELAPSED_REFERENCE = `$.External.${AsyncResponseKey.elapsedMs}`;
const REQUEST_ID_REFERENCE = `$.External.${AsyncResponseKey.requestId}`;
const REQUEST_ID_SUFFIX = `_${AsyncResponseKey.requestId}`;
const POLL_REFERENCE = new RegExp(`^\\$\\.FlowAttributes\\.([A-Za-z0-9_-]{1,40})${REQUEST_ID_SUFFIX}$`);

/** What the macro's checks compare besides its own flow attributes: its answers, and the channel it splits the wait on. */
const MACRO_COMPARISONS: ReadonlySet<string> = new Set([STATUS_REFERENCE, ELAPSED_REFERENCE, "$.Channel"]);

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
  const entries = macroEntries(actions, byId);
  const outcomes = outcomeTargets(actions);
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
function macroEntries(actions: ReadonlyArray<FlowAction>, byId: ReadonlyMap<string, FlowAction>): MacroEntry[] {
  const found: MacroEntry[] = [];
  const startedIds = new Set<string>();
  for (const action of actions) {
    const attributes = invocationAttributes(action);
    if (attributes === undefined || typeof attributes[AsyncParameter.operation] !== "string" || AsyncParameter.requestId in attributes) continue;
    const save = byId.get(action.Transitions.NextAction ?? "");
    const id = save === undefined ? undefined : savedRequestIdOf(save);
    if (id === undefined || startedIds.has(id)) continue;
    startedIds.add(id);
    found.push({ id, entry: action.Identifier, operation: attributes[AsyncParameter.operation] as string });
  }
  // The first poll of each id (it sends no wait start yet): the entry of an asyncAwait unless the start's use takes it in.
  const pollsById = new Map<string, FlowAction[]>();
  for (const action of actions) {
    const id = polledIdOf(action);
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

function outcomeTargets(actions: ReadonlyArray<FlowAction>): OutcomeTargets {
  const byEdge = new Map<string, MacroOutcome>();
  const byTarget = new Map<string, MacroOutcome>();
  const mark = (from: string, to: string | undefined, outcome: MacroOutcome): void => {
    if (to === undefined) return;
    byEdge.set(edgeKey(from, to), outcome);
    if (!byTarget.has(to)) byTarget.set(to, outcome);
  };
  for (const action of actions) {
    if (action.Type !== ActionType.Compare) continue;
    if (action.Parameters.ComparisonValue === STATUS_REFERENCE) {
      const pending = equalsTarget(action, AsyncStatus.PENDING);
      mark(action.Identifier, equalsTarget(action, AsyncStatus.SUCCEEDED), MacroOutcome.success);
      mark(action.Identifier, equalsTarget(action, AsyncStatus.FAILED), MacroOutcome.failure);
      // A Loop on ERROR tolerates polls that answer ERROR: it is part of the macro, its done branch the failure.
      const onError = equalsTarget(action, AsyncStatus.ERROR);
      const errorLoop = actions.find((candidate) => candidate.Identifier === onError && candidate.Type === ActionType.Loop);
      if (errorLoop !== undefined) mark(errorLoop.Identifier, equalsTarget(errorLoop, ActionResult.DoneLooping), MacroOutcome.failure);
      else mark(action.Identifier, onError, MacroOutcome.failure);
      const otherwise = action.Transitions.Errors?.find((error) => error.ErrorType === ErrorType.NoMatchingCondition)?.NextAction;
      if (otherwise !== pending) mark(action.Identifier, otherwise, MacroOutcome.failure);
    } else if (action.Parameters.ComparisonValue === ELAPSED_REFERENCE) {
      // A condition that leads to one more poll (the loop's final poll) is no timeout.
      for (const condition of action.Transitions.Conditions ?? []) {
        const target = actions.find((candidate) => candidate.Identifier === condition.NextAction);
        if (target === undefined || polledIdOf(target) === undefined) mark(action.Identifier, condition.NextAction, MacroOutcome.timeout);
      }
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
    if (action.Type === ActionType.InvokeLambdaFunction) return polledIdOf(action) === id || action.Identifier === entry;
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
    if (savedRequestIdOf(action) === id && !isStatusCheck(byId.get(action.Transitions.NextAction ?? ""))) {
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

/**
 * The worst case each strategy plans for (flows/async/loop/loop-plan.ts, flows/async/event/event-plan.ts),
 * read back from the blocks. With a voice and a text variant, the earliest deadline goes with the
 * longest round, so both give the same figure.
 * - loop: deadline + (1 + E) × (longest prompt or silent Wait + poll time limit)
 * - event: deadline + Wait time limit + E × recovery poll time limit + 1 s
 * where E is how many failed polls the wait tolerates (the count of the Loop a failed poll goes to).
 * Flows whose polls carry the give-up time (`asyncGiveUpAfterMs`, G) were sized for M = 2G − D instead.
 */
function worstCaseSeconds(members: ReadonlyArray<FlowAction>): number | undefined {
  const deadlines = members
    .filter((action) => action.Type === ActionType.Compare && action.Parameters.ComparisonValue === ELAPSED_REFERENCE)
    .map((action) => Number(action.Transitions.Conditions?.[0]?.Condition.Operands[0]))
    .filter((deadline) => Number.isFinite(deadline));
  if (deadlines.length === 0) return undefined;
  const deadlineMs = Math.min(...deadlines);
  const polls = members.filter((action) => polledIdOf(action) !== undefined);
  // Polls told the give-up time G: the plans set G = M − e and D = M − 2e, so M = 2G − D.
  const giveUps = polls.map((poll) => Number(invocationAttributes(poll)?.[AsyncParameter.giveUpAfterMs])).filter((giveUp) => Number.isFinite(giveUp));
  if (giveUps.length > 0) return Math.ceil((2 * Math.max(...giveUps) - deadlineMs) / 1000);
  const limitMs = (action: FlowAction, key: string): number => (Number(action.Parameters[key]) || 0) * 1000;
  const errorLoops = members.filter((action) => action.Type === ActionType.Loop && polls.some((poll) => poll.Transitions.Errors?.some((error) => error.NextAction === action.Identifier)));
  const tolerated = Math.max(0, ...errorLoops.map((loop) => Number(loop.Parameters.LoopCount) || 0));
  const waits = members.filter((action) => action.Type === ActionType.Wait);
  const syncPollMs = Math.max(0, ...polls.filter((poll) => poll.Parameters.InvocationType !== LambdaInvocationType.ASYNCHRONOUS).map((poll) => limitMs(poll, "InvocationTimeLimitSeconds")));
  const waitMs = Math.max(0, ...waits.map((wait) => limitMs(wait, "TimeLimitSeconds")));
  if (polls.some((poll) => poll.Parameters.InvocationType === LambdaInvocationType.ASYNCHRONOUS)) {
    return Math.ceil((deadlineMs + waitMs + tolerated * syncPollMs + 1000) / 1000);
  }
  // A loop turn plays a prompt (voice) or waits silently (text channels), then polls. Turn prompts are the
  // ones a Loop leads to; the initial message is played once, before the turns, and is not one of them.
  const loopTargets = new Set(
    members
      .filter((action) => action.Type === ActionType.Loop)
      .flatMap((loop) => [loop.Transitions.NextAction, ...(loop.Transitions.Conditions ?? []).map((condition) => condition.NextAction)]),
  );
  const turnPrompts = members.filter((action) => action.Type === ActionType.MessageParticipant && loopTargets.has(action.Identifier));
  const promptMs = Math.max(0, waitMs, ...turnPrompts.map(promptMsOf));
  return Math.ceil((deadlineMs + (1 + tolerated) * (promptMs + syncPollMs)) / 1000);
}

function promptMsOf(action: FlowAction): number {
  const { Text, SSML } = action.Parameters;
  if (typeof Text === "string") return promptDurationMs({ text: Text }) ?? 0;
  if (typeof SSML === "string") return promptDurationMs({ ssml: SSML }) ?? 0;
  return 0;
}

function isStatusCheck(action: FlowAction | undefined): boolean {
  return action?.Type === ActionType.Compare && action.Parameters.ComparisonValue === STATUS_REFERENCE;
}

/** The id whose request id this block saves (`<id>_asyncRequestId` = `$.External.asyncRequestId`), if it does. */
function savedRequestIdOf(action: FlowAction): string | undefined {
  if (action.Type !== ActionType.UpdateFlowAttributes) return undefined;
  for (const [key, value] of Object.entries(flowAttributes(action))) {
    if (key.endsWith(REQUEST_ID_SUFFIX) && key.length > REQUEST_ID_SUFFIX.length && value === REQUEST_ID_REFERENCE) return key.slice(0, -REQUEST_ID_SUFFIX.length);
  }
  return undefined;
}

/** The id a poll invocation asks about, if it is one. */
function polledIdOf(action: FlowAction): string | undefined {
  const requestId = invocationAttributes(action)?.[AsyncParameter.requestId];
  return typeof requestId === "string" ? POLL_REFERENCE.exec(requestId)?.[1] : undefined;
}

function invocationAttributes(action: FlowAction): { readonly [key: string]: FlowParameterValue } | undefined {
  if (action.Type !== ActionType.InvokeLambdaFunction) return undefined;
  const attributes = action.Parameters.LambdaInvocationAttributes;
  return attributes !== null && typeof attributes === "object" && !Array.isArray(attributes) ? attributes : undefined;
}

function flowAttributes(action: FlowAction): { readonly [key: string]: FlowParameterValue } {
  const attributes = action.Parameters.FlowAttributes;
  if (attributes === null || typeof attributes !== "object" || Array.isArray(attributes)) return {};
  // The builder writes `{ key: { Value: "…" } }`; older or hand-written flows `{ key: "…" }`.
  return Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, value !== null && typeof value === "object" && !Array.isArray(value) ? (value.Value ?? null) : value]));
}

function equalsTarget(action: FlowAction, operand: string): string | undefined {
  return action.Transitions.Conditions?.find((condition) => condition.Condition.Operator === "Equals" && condition.Condition.Operands[0] === operand)?.NextAction;
}

function edgeKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}
