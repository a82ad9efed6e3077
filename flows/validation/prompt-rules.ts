import type { FlowAction, FlowIssue, FlowParameterValue } from "../flow-json";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { blockIssue, describeBlock, isPlainObject, type FlowRule } from "./rule";
import { perActionRule } from "./per-action-rule";
import { ACTION_TYPE } from "./vocabulary";

/** Text-to-speech and chat text per block: 6,000 characters in total (3,000 billed). */
export const MAX_PROMPT_TEXT_CHARACTERS = 6_000;

/** The mutually exclusive ways to say something to the caller. */
export const PROMPT_SOURCES = ["PromptId", "Text", "SSML", "Media"] as const;

/** Blocks that speak with top-level prompt parameters. */
const PROMPTING_TYPES: ReadonlySet<string> = new Set([
  ACTION_TYPE.MessageParticipant, ACTION_TYPE.GetParticipantInput, ACTION_TYPE.ConnectParticipantWithLexBot,
]);

/** One prompt source per message, text within the length limit, and a Play prompt that says something. */
export const promptRule: FlowRule = perActionRule("prompts", (action) => {
  const issues: FlowIssue[] = [];
  if (PROMPTING_TYPES.has(action.Type)) {
    issues.push(...checkMessage(action, action.Parameters, "Parameters"));
    if (action.Type === ACTION_TYPE.MessageParticipant && presentSources(action.Parameters).length === 0) {
      issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.PROMPT_SOURCE_MISSING,
        `${describeBlock(action)} has no PromptId, Text, SSML or Media, so it plays nothing. Give it exactly one of them.`));
    }
  }
  if (action.Type === ACTION_TYPE.MessageParticipantIteratively) {
    const messages = action.Parameters.Messages;
    (Array.isArray(messages) ? messages : []).forEach((message, index) => {
      if (isPlainObject(message)) issues.push(...checkMessage(action, message, `Parameters.Messages[${index}]`));
    });
  }
  return issues;
});

function presentSources(parameters: { readonly [key: string]: FlowParameterValue }): string[] {
  return PROMPT_SOURCES.filter((source) => parameters[source] !== undefined && parameters[source] !== "");
}

function checkMessage(action: FlowAction, parameters: { readonly [key: string]: FlowParameterValue }, where: string): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const sources = presentSources(parameters);
  if (sources.length > 1) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.PROMPT_SOURCE_CONFLICT,
      `${describeBlock(action)} sets ${sources.join(" and ")} in ${where}; these are mutually exclusive. Keep exactly one.`));
  }
  for (const key of ["Text", "SSML"] as const) {
    const text = parameters[key];
    if (typeof text === "string" && text.length > MAX_PROMPT_TEXT_CHARACTERS) {
      issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.TEXT_TOO_LONG,
        `${describeBlock(action)} has ${text.length} characters in ${where}.${key}; Connect accepts at most ${MAX_PROMPT_TEXT_CHARACTERS} per block. Split the message over several Play prompt blocks.`));
    }
  }
  return issues;
}
