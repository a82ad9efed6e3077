import type { FlowAction, FlowIssue, FlowParameterValue } from "../flow-json";
import { Channel, ConditionOperator } from "../flow-language";
import { isContinueExecution } from "./condition-rules";
import { solveForward } from "./dataflow";
import { FLOW_EDGE_KIND, type FlowEdge } from "./flow-edges";
import { FlowType } from "./flow-type";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { findJsonPathReferences } from "./json-path";
import { blockIssue, describeBlock, isPlainObject, type FlowRule, type FlowRuleContext } from "./rule";
import { ACTION_TYPE } from "./vocabulary";

type Channels = ReadonlySet<Channel>;

const ALL_CHANNELS: Channels = new Set(Object.values(Channel));
const VOICE_ONLY: Channels = new Set([Channel.VOICE]);

/**
 * The channels whose contacts run each flow type. Chat, task and email contacts run Inbound flows and the
 * queue, whisper and transfer flows; hold flows and the outbound whisper are voice only. Sources: the Admin
 * guide's block pages — hold-customer-agent.html and set-hold-flow.html (holding routes chat, task and email
 * to Error), default-agent-whisper.html (whisper flows for chat conversations), wait.html (Wait: chat, task
 * and email in Inbound and Customer queue flows), loop-prompts.html (chat contacts in customer queue flows),
 * and quick connects transferring chats (transfer flows); reference §2.3, §2.8. Campaign flows are left out:
 * no source found says which channels run them, so they are not checked. A Map: a library caller's flowType
 * is not checked against the list, so it must never find Object.prototype's members.
 */
const FLOW_TYPE_CHANNELS: ReadonlyMap<string, Channels> = new Map<string, Channels>(Object.entries({
  [FlowType.CONTACT_FLOW]: ALL_CHANNELS,
  [FlowType.CUSTOMER_QUEUE]: ALL_CHANNELS,
  [FlowType.CUSTOMER_WHISPER]: ALL_CHANNELS,
  [FlowType.AGENT_WHISPER]: ALL_CHANNELS,
  [FlowType.AGENT_TRANSFER]: ALL_CHANNELS,
  [FlowType.QUEUE_TRANSFER]: ALL_CHANNELS,
  [FlowType.CUSTOMER_HOLD]: VOICE_ONLY,
  [FlowType.AGENT_HOLD]: VOICE_ONLY,
  [FlowType.OUTBOUND_WHISPER]: VOICE_ONLY,
}));

/** Flow types where a Wait may hold a voice contact (Admin wait.html; reference §2.1.2). */
const VOICE_WAIT_FLOW_TYPES: ReadonlySet<string> = new Set([FlowType.CONTACT_FLOW, FlowType.CUSTOMER_QUEUE]);

/** The message sources that only voice plays: "PromptId and SSML are only supported for the voice channel" (reference §2.1.2). */
const VOICE_ONLY_SOURCES = ["SSML", "PromptId", "Media"] as const;

/**
 * Which channels' contacts can be at each block: the flow type's channels at the start, narrowed along the
 * branches of a channel check, a Compare on `$.Channel` — its `Equals "VOICE"` branch carries only voice,
 * its other conditions their own channel, and its no-match branch the channels no condition named.
 * @returns channels entering each reachable block; empty when the flow type is unknown or not mapped
 */
export function channelsAtBlocks(context: Pick<FlowRuleContext, "flow" | "actionsById" | "options">): Map<string, Channels> {
  // Both channel rules read it: solve the flow once per validation, not once per rule.
  let solved = solvedChannels.get(context);
  if (solved === undefined) {
    solved = solveChannels(context);
    solvedChannels.set(context, solved);
  }
  return solved;
}

const solvedChannels = new WeakMap<object, Map<string, Channels>>();

function solveChannels(context: Pick<FlowRuleContext, "flow" | "actionsById" | "options">): Map<string, Channels> {
  const flowType = context.options.flowType;
  const initial = flowType === undefined ? undefined : FLOW_TYPE_CHANNELS.get(flowType);
  if (initial === undefined) return new Map();
  return solveForward<Channels>(context, {
    initial,
    transfer: (_action, input) => input,
    alongEdge: (edge, leaving) => narrowByChannelCheck(context.actionsById.get(edge.from) as FlowAction, edge, leaving),
    join: (a, b) => new Set([...a, ...b]),
    equals: (a, b) => a.size === b.size && [...a].every((channel) => b.has(channel)),
  });
}

function narrowByChannelCheck(action: FlowAction, edge: FlowEdge, channels: Channels): Channels {
  if (!isChannelCheck(action)) return channels;
  if (edge.kind === FLOW_EDGE_KIND.Condition) {
    const named = equalsChannel(edge.condition);
    // A condition other than Equals <channel> says nothing this analysis can use: keep every channel.
    return named === undefined ? channels : new Set([...channels].filter((channel) => channel === named));
  }
  // NextAction and NoMatchingCondition: no Equals condition held, so the named channels are out.
  const named = new Set((action.Transitions.Conditions ?? []).map((transition) => equalsChannel(transition.Condition)));
  return new Set([...channels].filter((channel) => !named.has(channel)));
}

/** A Compare whose ComparisonValue is `$.Channel` (or `$['Channel']`). */
function isChannelCheck(action: FlowAction): boolean {
  if (action.Type !== ACTION_TYPE.Compare || typeof action.Parameters.ComparisonValue !== "string") return false;
  const references = findJsonPathReferences(action.Parameters.ComparisonValue.trim());
  return references.length === 1 && references[0].segments.length === 1 && references[0].segments[0] === "Channel";
}

function equalsChannel(condition: FlowEdge["condition"]): Channel | undefined {
  if (condition?.Operator !== ConditionOperator.Equals || !Array.isArray(condition.Operands)) return undefined;
  const operand = condition.Operands[0];
  const upper = typeof operand === "string" ? operand.trim().toUpperCase() : "";
  return (Object.values(Channel) as string[]).includes(upper) ? upper as Channel : undefined;
}

/**
 * Chat, task and email contacts get Text only: an SSML, PromptId or Media message that such a contact can
 * reach with no channel check on the way is skipped or fails there, and on chat every message is billed and
 * stays in the transcript. Runs when the flow type is known and carries those channels.
 */
export const voiceOnlyPromptRule: FlowRule = {
  name: "voice-only-prompts",
  check(context) {
    const issues: FlowIssue[] = [];
    const channelsAt = channelsAtBlocks(context);
    for (const [id, channels] of channelsAt) {
      const textChannels = [...channels].filter((channel) => channel !== Channel.VOICE);
      if (textChannels.length === 0) continue;
      const action = context.actionsById.get(id) as FlowAction;
      const sources = voiceOnlySources(action);
      if (sources.length === 0) continue;
      issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.VOICE_ONLY_PROMPT_ON_TEXT_CHANNEL,
        `${describeBlock(action)} plays ${sources.join(" and ")}, which only voice supports, yet a ${textChannels.join(", ")} contact can reach it with no channel check on the way (this ${context.options.flowType} flow carries those channels). ` +
        `Put a Check contact attributes on $.Channel before it, with Equals "VOICE" leading here and the other branch to a Text message.`));
    }
    return issues;
  },
};

function voiceOnlySources(action: FlowAction): string[] {
  const present = (parameters: { readonly [key: string]: FlowParameterValue }): string[] =>
    VOICE_ONLY_SOURCES.filter((source) => parameters[source] !== undefined && parameters[source] !== "");
  if (action.Type === ACTION_TYPE.MessageParticipant) return present(action.Parameters);
  if (action.Type === ACTION_TYPE.MessageParticipantIteratively && Array.isArray(action.Parameters.Messages)) {
    return [...new Set(action.Parameters.Messages.flatMap((message) => (isPlainObject(message) ? present(message) : [])))];
  }
  return [];
}

/**
 * On voice, a Wait runs only in Inbound and Customer queue flows, and only when it keeps running while
 * waiting or waits for an event (Admin wait.html; reference §2.1.2): otherwise a caller reaching it takes the
 * error branch. Checked where a voice contact can reach the Wait, when the flow type is known.
 */
export const voiceWaitRule: FlowRule = {
  name: "voice-wait",
  check(context) {
    const issues: FlowIssue[] = [];
    const flowType = context.options.flowType as string;
    for (const [id, channels] of channelsAtBlocks(context)) {
      const action = context.actionsById.get(id) as FlowAction;
      if (action.Type !== ACTION_TYPE.Wait || !channels.has(Channel.VOICE)) continue;
      const eventBased = isPlainObject(action.Parameters.InterruptibleEvents) && Object.keys(action.Parameters.InterruptibleEvents).length > 0;
      const problems: string[] = [];
      if (!VOICE_WAIT_FLOW_TYPES.has(flowType)) problems.push(`voice contacts wait only in ${[...VOICE_WAIT_FLOW_TYPES].join(" and ")} flows, not ${flowType}`);
      if (!isContinueExecution(action) && !eventBased) problems.push("on voice a Wait needs ContinueExecution \"TRUE\" (Keep running while waiting) or InterruptibleEvents (an event-based wait)");
      if (problems.length === 0) continue;
      issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.WAIT_VOICE_UNSUPPORTED,
        `${describeBlock(action)} can hold a voice contact, but ${problems.join(", and ")}; the caller would take its error branch. ` +
        `Check $.Channel before it, or make it an event-based wait that keeps running while waiting.`));
    }
    return issues;
  },
};
