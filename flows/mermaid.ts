/**
 * A Mermaid flowchart of a flow, for pull requests and docs: one node per block (its type and a short
 * summary), one edge per transition (conditions labelled with their test, errors dotted and labelled with
 * the ErrorType), terminal and hand-off blocks styled apart. Pure and deterministic.
 */
import type { FlowAction, FlowCondition, FlowJson, FlowParameterValue } from "./flow-json";
import { FLOW_EDGE_KIND, actionEdges, uniqueActions, type FlowEdge } from "./validation/flow-edges";
import { ACTION_TYPE, CONDITION_OPERATOR, ERROR_TYPE, HAND_OFF_ACTION_TYPES, TERMINAL_ACTION_TYPES } from "./validation/vocabulary";

const SUMMARY_LENGTH = 40;
const OPERAND_LENGTH = 24;
const ENTRY_NODE = "entry";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Short symbols for condition operators on edge labels. */
const OPERATOR_LABEL: { readonly [operator: string]: string } = {
  [CONDITION_OPERATOR.Equals]: "=",
  [CONDITION_OPERATOR.TextStartsWith]: "starts with",
  [CONDITION_OPERATOR.TextEndsWith]: "ends with",
  [CONDITION_OPERATOR.TextContains]: "contains",
  [CONDITION_OPERATOR.NumberGreaterThan]: ">",
  [CONDITION_OPERATOR.NumberGreaterOrEqualTo]: "≥",
  [CONDITION_OPERATOR.NumberLessThan]: "<",
  [CONDITION_OPERATOR.NumberLessOrEqualTo]: "≤",
};

/** Node styles; the `#` colours sit in classDef lines, never in labels. */
const CLASS_DEFS = [
  "classDef terminal fill:#fdecea,stroke:#c0392b,color:#000;",
  "classDef handoff fill:#e8f4fd,stroke:#2471a3,color:#000;",
  "classDef lambda fill:#fef5e7,stroke:#b9770e,color:#000;",
  "classDef missing fill:#fff,stroke:#c0392b,stroke-dasharray:4 3,color:#c0392b;",
  "classDef entry fill:#eafaf1,stroke:#1e8449,color:#000;",
];

/** Options of {@link renderMermaid}. */
export interface MermaidOptions {
  /**
   * Readable names by Identifier (`Flow.blockNames()` for flows built here); a named block shows its name
   * above its type. @default none: blocks show their type, and their Identifier when it is not a UUID
   */
  readonly blockNames?: ReadonlyMap<string, string>;
}

/** Renders `flow` as Mermaid `flowchart LR` text (ending in a newline). */
export function renderMermaid(flow: FlowJson, options: MermaidOptions = {}): string {
  const actions = uniqueActions(flow);
  const nodeIds = assignNodeIds(actions.map((action) => action.Identifier));
  const lines: string[] = ["flowchart LR", `  ${ENTRY_NODE}(["${escapeLabel("Entry")}"])`];
  const classes: { [name: string]: string[] } = { terminal: [], handoff: [], lambda: [], missing: [], entry: [ENTRY_NODE] };

  for (const action of actions) {
    const id = nodeIds.get(action.Identifier) as string;
    const label = nodeLabel(action, options.blockNames?.get(action.Identifier)).map(escapeLabel).join("<br/>");
    lines.push(TERMINAL_ACTION_TYPES.has(action.Type) ? `  ${id}(["${label}"])` : `  ${id}["${label}"]`);
    if (TERMINAL_ACTION_TYPES.has(action.Type)) classes.terminal.push(id);
    else if (HAND_OFF_ACTION_TYPES.has(action.Type)) classes.handoff.push(id);
    else if (action.Type === ACTION_TYPE.InvokeLambdaFunction) classes.lambda.push(id);
  }

  const missingTargets = new Map<string, string>();
  const nodeFor = (identifier: string): string => {
    const known = nodeIds.get(identifier);
    if (known !== undefined) return known;
    let missing = missingTargets.get(identifier);
    if (missing === undefined) {
      missing = `missing_${missingTargets.size + 1}`;
      missingTargets.set(identifier, missing);
      lines.push(`  ${missing}["${escapeLabel(`missing block: ${truncate(identifier, SUMMARY_LENGTH)}`)}"]`);
      classes.missing.push(missing);
    }
    return missing;
  };

  if (typeof flow.StartAction === "string" && flow.StartAction !== "") lines.push(`  ${ENTRY_NODE} --> ${nodeFor(flow.StartAction)}`);
  const drawn = new Set<string>();
  for (const action of actions) {
    for (const edge of edgesToDraw(action)) {
      const line = edgeLine(nodeIds.get(action.Identifier) as string, nodeFor(edge.to), edge);
      if (drawn.has(line)) continue;
      drawn.add(line);
      lines.push(`  ${line}`);
    }
  }

  lines.push(...CLASS_DEFS.map((definition) => `  ${definition}`));
  for (const [name, members] of Object.entries(classes)) {
    if (members.length > 0) lines.push(`  class ${members.join(",")} ${name};`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Escapes text for a double-quoted Mermaid label: characters Mermaid would read as syntax or HTML become
 * `#…;` entity codes (`"` → `#quot;`, `#` → `#35;`, …), and line breaks become spaces.
 */
export function escapeLabel(text: string): string {
  return text.replace(/[\r\n\t]+/g, " ").replace(/[#"<>&|`\\]/g, (character) => ENTITY[character]);
}

const ENTITY: { readonly [character: string]: string } = {
  "#": "#35;",
  '"': "#quot;",
  "<": "#lt;",
  ">": "#gt;",
  "&": "#amp;",
  "|": "#124;",
  "`": "#96;",
  "\\": "#92;",
};

/**
 * Mermaid node ids: letters, digits and `_` only, unique, never a keyword (`end`, `graph`…), stable per
 * Identifier. A UUID Identifier is shortened to its first 8 hex digits.
 */
function assignNodeIds(identifiers: ReadonlyArray<string>): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>([ENTRY_NODE]);
  for (const identifier of identifiers) {
    const readable = UUID.test(identifier) ? identifier.slice(0, 8) : identifier;
    const base = `b_${readable.replace(/[^A-Za-z0-9_]/g, "_")}`;
    let candidate = base;
    for (let suffix = 2; used.has(candidate); suffix += 1) candidate = `${base}_${suffix}`;
    used.add(candidate);
    ids.set(identifier, candidate);
  }
  return ids;
}

/**
 * The edges of an action, without a NextAction edge that only repeats a condition or NoMatchingCondition
 * edge to the same block (Compare and Loop exports point NextAction at their default branch).
 */
function edgesToDraw(action: FlowAction): FlowEdge[] {
  const edges = actionEdges(action);
  const defaultTargets = new Set(edges
    .filter((edge) => edge.kind === FLOW_EDGE_KIND.Condition || edge.errorType === ERROR_TYPE.NoMatchingCondition)
    .map((edge) => edge.to));
  return edges.filter((edge) => edge.kind !== FLOW_EDGE_KIND.Next || !defaultTargets.has(edge.to));
}

function edgeLine(from: string, to: string, edge: FlowEdge): string {
  switch (edge.kind) {
    case FLOW_EDGE_KIND.Next:
      return `${from} --> ${to}`;
    case FLOW_EDGE_KIND.Error:
      return `${from} -.->|"${escapeLabel(edge.errorType ?? "error")}"| ${to}`;
    case FLOW_EDGE_KIND.Condition:
      return `${from} -->|"${escapeLabel(conditionLabel(edge.condition))}"| ${to}`;
  }
}

function conditionLabel(condition: FlowCondition | undefined): string {
  if (condition === undefined) return "condition";
  const operands = (Array.isArray(condition.Operands) ? condition.Operands : [])
    .map((operand) => (typeof operand === "string" || typeof operand === "number" ? truncate(String(operand), OPERAND_LENGTH) : "(…)"))
    .join(", ");
  return `${OPERATOR_LABEL[condition.Operator] ?? condition.Operator} ${operands}`.trim();
}

/** The lines of a node label: the block's name when known, the type, the Identifier when it is a readable name, and a summary. */
function nodeLabel(action: FlowAction, blockName: string | undefined): string[] {
  const lines = blockName === undefined ? [action.Type] : [truncate(blockName, SUMMARY_LENGTH), action.Type];
  if (blockName === undefined && !UUID.test(action.Identifier)) lines.push(truncate(action.Identifier, SUMMARY_LENGTH));
  const summary = summarize(action);
  if (summary !== undefined && summary !== "") lines.push(truncate(summary, SUMMARY_LENGTH));
  return lines;
}

function summarize(action: FlowAction): string | undefined {
  const parameters = action.Parameters ?? {};
  switch (action.Type) {
    case ACTION_TYPE.InvokeLambdaFunction: {
      const mode = parameters.InvocationType === "ASYNCHRONOUS" ? ", async" : "";
      const limit = parameters.InvocationTimeLimitSeconds !== undefined ? ` (${text(parameters.InvocationTimeLimitSeconds)} s${mode})` : "";
      return `${lambdaName(text(parameters.LambdaFunctionARN))}${limit}`;
    }
    case ACTION_TYPE.MessageParticipant:
    case ACTION_TYPE.GetParticipantInput:
    case ACTION_TYPE.ConnectParticipantWithLexBot:
      return promptSummary(parameters);
    case ACTION_TYPE.MessageParticipantIteratively: {
      const messages = Array.isArray(parameters.Messages) ? parameters.Messages : [];
      const first = messages[0];
      const firstSummary = first !== null && typeof first === "object" && !Array.isArray(first) ? promptSummary(first) : undefined;
      return `${messages.length} message(s)${firstSummary ? `: ${firstSummary}` : ""}`;
    }
    case ACTION_TYPE.Compare:
      return `check ${text(parameters.ComparisonValue)}`;
    case ACTION_TYPE.Loop:
      return `${text(parameters.LoopCount)} times`;
    case ACTION_TYPE.Wait:
      return `up to ${text(parameters.TimeLimitSeconds ?? parameters.TimeoutSeconds)} s`;
    case ACTION_TYPE.UpdateContactAttributes:
      return `set ${keysOf(parameters.Attributes)}`;
    case ACTION_TYPE.UpdateFlowAttributes:
      return `set ${keysOf(parameters.FlowAttributes)}`;
    case ACTION_TYPE.UpdateContactTargetQueue:
    case ACTION_TYPE.DequeueContactAndTransferToQueue:
      return lastSegment(text(parameters.QueueId ?? parameters.AgentId));
    case ACTION_TYPE.TransferToFlow:
      return lastSegment(text(parameters.ContactFlowId));
    case ACTION_TYPE.InvokeFlowModule:
      return lastSegment(text(parameters.FlowModuleId));
    case ACTION_TYPE.CheckHoursOfOperation:
      return parameters.HoursOfOperationId === undefined ? "queue hours" : lastSegment(text(parameters.HoursOfOperationId));
    default:
      return undefined;
  }
}

function promptSummary(parameters: { readonly [key: string]: FlowParameterValue }): string | undefined {
  if (typeof parameters.Text === "string") return `"${parameters.Text}"`;
  if (typeof parameters.SSML === "string") {
    const spoken = parameters.SSML.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    return spoken === "" ? "SSML (silence)" : `"${spoken}"`;
  }
  if (parameters.PromptId !== undefined) return `prompt ${lastSegment(text(parameters.PromptId))}`;
  const media = parameters.Media;
  if (media !== null && typeof media === "object" && !Array.isArray(media)) return `audio ${lastSegment(text(media.Uri))}`;
  return undefined;
}

/** `arn:aws:lambda:us-east-1:1111:function:name[:alias]` → `name`; anything else as given. */
function lambdaName(arn: string): string {
  const match = /:function:([^:]+)/.exec(arn);
  return match ? match[1] : arn;
}

function lastSegment(value: string): string {
  return value.startsWith("arn:") ? value.split(/[/:]/).pop() ?? value : value;
}

function keysOf(value: FlowParameterValue | undefined): string {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value).join(", ") : "";
}

function text(value: FlowParameterValue | undefined): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function truncate(value: string, length: number): string {
  const characters = Array.from(value.replace(/\s+/g, " ").trim());
  return characters.length <= length ? characters.join("") : `${characters.slice(0, length - 1).join("")}…`;
}
