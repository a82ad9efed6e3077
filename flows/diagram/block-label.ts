/**
 * Readable labels for the blocks of any flow: the builder's name when the flow carries one, the block's
 * designer name ("Play prompt" for MessageParticipant, as the console shows it), and its key parameter
 * (the first words of a prompt, the Lambda function's name, the queue, the compared attribute).
 */
import type { FlowAction, FlowCondition, FlowParameterValue } from "../flow-json";
import { ActionType, LambdaInvocationType } from "../flow-language";
import { functionNameOf } from "../lambda-name";
import { CONDITION_OPERATOR } from "../validation/vocabulary";

/** Longest text of one label line, in characters (mermaid wraps labels at 200 px; this keeps nodes small). */
export const LABEL_LINE_LENGTH = 36;
const OPERAND_LENGTH = 24;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The console's names of the blocks (reference §2 headings), which reviewers know better than the action
 * types. Maps, here and below: types and operators come from the flow, and must never find Object.prototype's members.
 */
const DESIGNER_NAME: ReadonlyMap<string, string> = new Map(Object.entries({
  [ActionType.CheckHoursOfOperation]: "Check hours of operation",
  [ActionType.Compare]: "Check contact attributes",
  [ActionType.ConnectParticipantWithLexBot]: "Get customer input (Lex)",
  [ActionType.DisconnectParticipant]: "Disconnect",
  [ActionType.DistributeByPercentage]: "Distribute by percentage",
  [ActionType.EndFlowExecution]: "End flow / Resume",
  [ActionType.GetParticipantInput]: "Get customer input",
  [ActionType.InvokeFlowModule]: "Invoke module",
  [ActionType.InvokeLambdaFunction]: "Invoke Lambda",
  [ActionType.LoadLambdaFunctionResult]: "Load Lambda result",
  [ActionType.Loop]: "Loop",
  [ActionType.MessageParticipant]: "Play prompt",
  [ActionType.MessageParticipantIteratively]: "Loop prompts",
  [ActionType.TransferContactToQueue]: "Transfer to queue",
  [ActionType.TransferToFlow]: "Transfer to flow",
  [ActionType.UpdateContactAttributes]: "Set contact attributes",
  [ActionType.UpdateContactTargetQueue]: "Set working queue",
  [ActionType.UpdateContactTextToSpeechVoice]: "Set voice",
  [ActionType.UpdateFlowAttributes]: "Set flow attributes",
  [ActionType.UpdateFlowLoggingBehavior]: "Set logging behavior",
  [ActionType.Wait]: "Wait",
}));

/** Short symbols for condition operators on edge labels. */
const OPERATOR_LABEL: ReadonlyMap<string, string> = new Map(Object.entries({
  [CONDITION_OPERATOR.Equals]: "=",
  [CONDITION_OPERATOR.TextStartsWith]: "starts with",
  [CONDITION_OPERATOR.TextEndsWith]: "ends with",
  [CONDITION_OPERATOR.TextContains]: "contains",
  [CONDITION_OPERATOR.NumberGreaterThan]: ">",
  [CONDITION_OPERATOR.NumberGreaterOrEqualTo]: "≥",
  [CONDITION_OPERATOR.NumberLessThan]: "<",
  [CONDITION_OPERATOR.NumberLessOrEqualTo]: "≤",
}));

/** Blocks whose conditions test a fixed result, so the edge reads best as the bare result ("Continue", "DoneLooping"). */
const RESULT_BRANCHING_TYPES: ReadonlySet<string> = new Set([ActionType.Wait, ActionType.Loop, ActionType.CheckHoursOfOperation, ActionType.MessageParticipantIteratively]);

/** The designer's name of an action type, or the type itself when the console name is not known here. */
export function designerName(actionType: string): string {
  return DESIGNER_NAME.get(actionType) ?? actionType;
}

/**
 * The lines of a block's label, unescaped: the builder name when known, the designer name of the type,
 * the Identifier when it is a readable name rather than a UUID, and the key parameter.
 */
export function blockLabelLines(action: FlowAction, blockName: string | undefined): string[] {
  const typeName = designerName(action.Type);
  const lines = blockName === undefined || blockName === typeName ? [typeName] : [truncate(blockName, LABEL_LINE_LENGTH), typeName];
  if (blockName === undefined && !UUID.test(action.Identifier)) lines.push(truncate(action.Identifier, LABEL_LINE_LENGTH));
  const summary = keyParameter(action);
  if (summary !== undefined && summary !== "") lines.push(truncate(summary, LABEL_LINE_LENGTH));
  return lines;
}

/** The label of a condition edge: the bare result for result-branching blocks, else `= value`, `> 5`, …. */
export function conditionLabel(actionType: string, condition: FlowCondition | undefined): string {
  if (condition === undefined) return "condition";
  const operands = (Array.isArray(condition.Operands) ? condition.Operands : [])
    .map((operand) => (typeof operand === "string" || typeof operand === "number" ? truncate(String(operand), OPERAND_LENGTH) : "(…)"))
    .join(", ");
  if (RESULT_BRANCHING_TYPES.has(actionType) && condition.Operator === CONDITION_OPERATOR.Equals) return operands;
  return `${OPERATOR_LABEL.get(condition.Operator) ?? condition.Operator} ${operands}`.trim();
}

/** The label of an error edge: `Error` for the catch-all, else the ErrorType (`InProgress`, `QueueAtCapacity` …). */
export function errorLabel(errorType: string | undefined): string {
  return errorType === undefined || errorType === "NoMatchingError" ? "Error" : errorType;
}

/** The one parameter that tells blocks of a type apart, in words. */
export function keyParameter(action: FlowAction): string | undefined {
  const parameters = action.Parameters ?? {};
  switch (action.Type) {
    case ActionType.InvokeLambdaFunction: {
      const mode = parameters.InvocationType === LambdaInvocationType.ASYNCHRONOUS ? ", async" : "";
      const limit = parameters.InvocationTimeLimitSeconds !== undefined ? ` (${text(parameters.InvocationTimeLimitSeconds)} s${mode})` : mode === "" ? "" : " (async)";
      return `${functionNameOf(text(parameters.LambdaFunctionARN))}${limit}`;
    }
    case ActionType.LoadLambdaFunctionResult:
      return `of ${text(parameters.LambdaInvocationId)}`;
    case ActionType.MessageParticipant:
    case ActionType.GetParticipantInput:
    case ActionType.ConnectParticipantWithLexBot:
      return promptSummary(parameters);
    case ActionType.MessageParticipantIteratively: {
      const messages = Array.isArray(parameters.Messages) ? parameters.Messages : [];
      const first = messages[0];
      const firstSummary = first !== null && typeof first === "object" && !Array.isArray(first) ? promptSummary(first) : undefined;
      return `${messages.length} message(s)${firstSummary ? `: ${firstSummary}` : ""}`;
    }
    case ActionType.Compare:
      return `check ${text(parameters.ComparisonValue)}`;
    case ActionType.Loop:
      return `${text(parameters.LoopCount)} times`;
    case ActionType.Wait: {
      const events = parameters.InterruptibleEvents;
      const names = events !== null && typeof events === "object" && !Array.isArray(events) ? Object.keys(events) : Array.isArray(parameters.Events) ? parameters.Events.map(text) : [];
      const keepRunning = text(parameters.ContinueExecution).toUpperCase() === "TRUE" ? ", keeps running" : "";
      return `up to ${text(parameters.TimeLimitSeconds ?? parameters.TimeoutSeconds)} s${names.length > 0 ? ` for ${names.join(", ")}` : ""}${keepRunning}`;
    }
    case ActionType.UpdateContactAttributes:
      return `set ${keysOf(parameters.Attributes)}`;
    case ActionType.UpdateFlowAttributes:
      return `set ${keysOf(parameters.FlowAttributes)}`;
    case ActionType.UpdateContactTargetQueue:
    case ActionType.DequeueContactAndTransferToQueue:
      return lastSegment(text(parameters.QueueId ?? parameters.AgentId));
    case ActionType.TransferToFlow:
      return lastSegment(text(parameters.ContactFlowId));
    case ActionType.InvokeFlowModule:
      return lastSegment(text(parameters.FlowModuleId));
    case ActionType.CheckHoursOfOperation:
      return parameters.HoursOfOperationId === undefined ? "queue hours" : lastSegment(text(parameters.HoursOfOperationId));
    case ActionType.UpdateFlowLoggingBehavior:
      return text(parameters.FlowLoggingBehavior).toLowerCase();
    case ActionType.UpdateContactTextToSpeechVoice:
      return text(parameters.TextToSpeechVoice);
    default:
      return undefined;
  }
}

/** Collapses white space and cuts to `length` characters with an ellipsis. */
export function truncate(value: string, length: number): string {
  const characters = Array.from(value.replace(/\s+/g, " ").trim());
  return characters.length <= length ? characters.join("") : `${characters.slice(0, length - 1).join("")}…`;
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

