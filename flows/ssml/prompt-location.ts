/**
 * Where a recorded prompt comes from: a prompt of the instance's library (PromptId) or an audio file in S3
 * (Media.Uri). Both are checked for shape only; a value Connect resolves at run time (a `$.` reference), or
 * a placeholder a deployment step fills in (`${…}`, `%Name%`, `{{name}}`, "ENTER …" text: see
 * flows/template/placeholders.ts, reported by the validator's placeholder rule), stands in for the part it replaces.
 *
 * @see ../../../shared/reference/connect-flow-language.md §2.2 (PromptId: prompt ID or ARN; Media: an S3 URL)
 */
import { findPlaceholders } from "../template/placeholders";
import { findJsonPathReferences } from "../validation/json-path";

/** `arn:<partition>:connect:<region>:<account>:instance/<instance id>/prompt/<prompt id>`. */
const PROMPT_ARN = /^arn:aws(?:-[a-z]+)*:connect:[a-z0-9-]+:\d{12}:instance\/[A-Za-z0-9-]{1,100}\/prompt\/[A-Za-z0-9-]{1,100}$/;
/** A prompt ID alone, as the console may write it. */
const PROMPT_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const BUCKET = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";
const S3_HOST_SUFFIX = "amazonaws\\.com(?:\\.cn)?";
/** `s3://bucket/key`, and the https forms of an S3 object URL (virtual-hosted and path style). */
const MEDIA_URIS: ReadonlyArray<RegExp> = [
  new RegExp(`^s3://${BUCKET}/[^\\s]+$`),
  new RegExp(`^https://${BUCKET}\\.s3(?:[.-][a-z0-9-]+)?\\.${S3_HOST_SUFFIX}/[^\\s]+$`),
  new RegExp(`^https://s3(?:[.-][a-z0-9-]+)?\\.${S3_HOST_SUFFIX}/${BUCKET}/[^\\s]+$`),
];

/** What stands in for a `$.` reference or a `${…}` token: a valid bucket name or path segment. */
const PLACEHOLDER = "dynamic";

/**
 * Why `promptId` is not a prompt ARN or ID, or undefined when it is one (or is filled in at run or deploy time).
 */
export function promptIdProblem(promptId: string): string | undefined {
  const value = promptId.trim();
  if (value.includes("${") || findJsonPathReferences(value).length > 0 || findPlaceholders(value, { text: true }).length > 0) return undefined;
  if (PROMPT_ARN.test(value) || PROMPT_ID.test(value)) return undefined;
  return `${JSON.stringify(shorten(promptId))} is not a prompt ARN (arn:aws:connect:<region>:<account>:instance/<instance id>/prompt/<prompt id>) nor a prompt ID. Use the prompt's ARN, e.g. from the aws_connect_prompt data source, or one $. reference to it.`;
}

/** Why `uri` is not an S3 object location, or undefined when it is one. */
export function mediaUriProblem(uri: string): string | undefined {
  const concrete = withPlaceholders(uri.trim());
  if (MEDIA_URIS.some((pattern) => pattern.test(concrete))) return undefined;
  return `${JSON.stringify(shorten(uri))} is not an S3 object location. Write s3://<bucket>/<key> or https://<bucket>.s3.<region>.amazonaws.com/<key> (parts may be $. references or \${…} tokens).`;
}

/** Replaces `${…}` tokens, template placeholders and `$.` references with a stand-in, so the rest can be matched. */
function withPlaceholders(value: string): string {
  if (findPlaceholders(value, { text: true }).some((placeholder) => placeholder.text === value)) return `s3://${PLACEHOLDER}/${PLACEHOLDER}`;
  let text = value.replace(/\$\{[^}]*\}/g, PLACEHOLDER);
  for (const placeholder of findPlaceholders(text)) text = text.replace(placeholder.text, PLACEHOLDER);
  const references = findJsonPathReferences(text);
  for (const reference of [...references].reverse()) {
    text = `${text.slice(0, reference.start)}${PLACEHOLDER}${text.slice(reference.start + reference.text.length)}`;
  }
  return text;
}

function shorten(value: string): string {
  return value.length > 120 ? `${value.slice(0, 117)}…` : value;
}
