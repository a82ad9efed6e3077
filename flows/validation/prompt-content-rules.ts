import type { FlowAction, FlowIssue, FlowParameterValue } from "../flow-json";
import { checkSsml, findForbiddenCharacter, mediaUriProblem, promptIdProblem, SsmlProblemKind } from "../ssml";
import { FLOW_ISSUE_CODE, type FlowIssueCode } from "./issue-codes";
import { blockIssue, describeBlock, isPlainObject, type FlowRule } from "./rule";
import { perActionRule } from "./per-action-rule";
import { ACTION_TYPE } from "./vocabulary";

/** Blocks that speak with top-level prompt parameters. */
const PROMPTING_TYPES: ReadonlySet<string> = new Set([
  ACTION_TYPE.MessageParticipant, ACTION_TYPE.GetParticipantInput, ACTION_TYPE.ConnectParticipantWithLexBot,
]);

/** The only Media values the flow language documents (reference §2.2). */
const MEDIA_SOURCE_TYPE = "S3";
const MEDIA_TYPE = "Audio";

/** How each SSML problem is reported: Polly fails on the first two kinds; Connect plays the others, altered. */
const SSML_ISSUE: { readonly [kind in SsmlProblemKind]: { readonly severity: "error" | "warning"; readonly code: FlowIssueCode } } = {
  [SsmlProblemKind.Malformed]: { severity: "error", code: FLOW_ISSUE_CODE.SSML_MALFORMED },
  [SsmlProblemKind.Forbidden]: { severity: "error", code: FLOW_ISSUE_CODE.SSML_FORBIDDEN },
  // A real console export (the VoiceID handler flow in the fixtures) has SSML without <speak>, and one has a 15 s break:
  // Connect publishes both, so these are warnings here; the builder refuses them.
  [SsmlProblemKind.NoSpeakRoot]: { severity: "warning", code: FLOW_ISSUE_CODE.SSML_NO_SPEAK_ROOT },
  [SsmlProblemKind.BreakTooLong]: { severity: "warning", code: FLOW_ISSUE_CODE.SSML_BREAK_TOO_LONG },
  [SsmlProblemKind.Unsupported]: { severity: "warning", code: FLOW_ISSUE_CODE.SSML_UNSUPPORTED },
};

/**
 * What a prompt says or plays is sound: SSML is well-formed and uses what Polly supports, text carries no
 * control character or lone surrogate, a PromptId is a prompt ARN or ID, a Media Uri an S3 location.
 * Values that are references (`$.…`) or Terraform tokens (`${…}`) are checked only around them.
 */
export const promptContentRule: FlowRule = perActionRule("prompt-content", (action) => {
  const issues: FlowIssue[] = [];
  if (PROMPTING_TYPES.has(action.Type)) issues.push(...checkMessage(action, action.Parameters, "Parameters"));
  if (action.Type === ACTION_TYPE.MessageParticipantIteratively) {
    const messages = action.Parameters.Messages;
    (Array.isArray(messages) ? messages : []).forEach((message, index) => {
      if (isPlainObject(message)) issues.push(...checkMessage(action, message, `Parameters.Messages[${index}]`));
    });
  }
  return issues;
});

function checkMessage(action: FlowAction, parameters: { readonly [key: string]: FlowParameterValue }, where: string): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const { Text, SSML, PromptId, Media } = parameters;
  if (typeof Text === "string") {
    const found = findForbiddenCharacter(Text);
    if (found !== undefined) {
      issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.TEXT_CONTROL_CHARACTER,
        `${describeBlock(action)} has ${found} in ${where}.Text, which cannot be spoken or shown. Remove it.`));
    }
  }
  if (typeof SSML === "string") {
    for (const problem of checkSsml(SSML)) {
      const { severity, code } = SSML_ISSUE[problem.kind];
      issues.push(blockIssue(action, severity, code, `${describeBlock(action)}: the SSML in ${where}.SSML ${problem.message}`));
    }
  }
  if (typeof PromptId === "string") {
    const problem = promptIdProblem(PromptId);
    if (problem !== undefined) issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.PROMPT_ID_MALFORMED, `${describeBlock(action)} has ${where}.PromptId ${problem}`));
  }
  if (Media !== undefined) issues.push(...checkMedia(action, Media, `${where}.Media`));
  return issues;
}

function checkMedia(action: FlowAction, media: FlowParameterValue, where: string): FlowIssue[] {
  if (!isPlainObject(media) || typeof media.Uri !== "string") {
    return [blockIssue(action, "error", FLOW_ISSUE_CODE.MEDIA_URI_MALFORMED,
      `${describeBlock(action)} has ${where} without a string "Uri". Write { "Uri": "s3://<bucket>/<key>", "SourceType": "${MEDIA_SOURCE_TYPE}", "MediaType": "${MEDIA_TYPE}" }.`)];
  }
  const issues: FlowIssue[] = [];
  const problem = mediaUriProblem(media.Uri);
  if (problem !== undefined) issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.MEDIA_URI_MALFORMED, `${describeBlock(action)} has ${where}.Uri ${problem}`));
  if (media.SourceType !== MEDIA_SOURCE_TYPE || media.MediaType !== MEDIA_TYPE) {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.MEDIA_URI_MALFORMED,
      `${describeBlock(action)} has ${where} with SourceType ${JSON.stringify(media.SourceType)} and MediaType ${JSON.stringify(media.MediaType)}; Connect takes only "${MEDIA_SOURCE_TYPE}" and "${MEDIA_TYPE}".`));
  }
  return issues;
}
