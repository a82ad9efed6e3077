import { type BlockParameters } from "../block";
import { FallibleLinearBlock } from "../linear-block";
import { ActionType } from "../private/action-type";
import { MediaSource } from "../private/parameter-value";
import { checkSsml, findForbiddenCharacter, mediaUriProblem, promptIdProblem } from "../ssml";

/** What a prompt plays: exactly one of text, SSML, a prompt from the instance's library, or S3 audio. */
export type PromptSource = TextPrompt | SsmlPrompt | LibraryPrompt | S3MediaPrompt;

/** Text spoken by text-to-speech (or sent on chat). May interpolate `$.` references. */
export interface TextPrompt {
  /** The text; 1–6,000 characters; `$.` references are interpolated, e.g. "Your balance is $.External.balance". */
  readonly text: string;
  readonly ssml?: never;
  readonly promptId?: never;
  readonly s3Uri?: never;
  readonly lengthSeconds?: never;
}

/** SSML spoken by text-to-speech (voice only). */
export interface SsmlPrompt {
  /** The SSML document, `<speak>…</speak>`; `$.` references are interpolated. */
  readonly ssml: string;
  readonly text?: never;
  readonly promptId?: never;
  readonly s3Uri?: never;
  readonly lengthSeconds?: never;
}

/** A prompt from the instance's prompt library (voice only). */
export interface LibraryPrompt {
  /** The prompt's ID or ARN, or one whole `$.` reference to it. */
  readonly promptId: string;
  /** How long the recording plays, in seconds; the async macro needs it to size its loop. @default unknown */
  readonly lengthSeconds?: number;
  readonly text?: never;
  readonly ssml?: never;
  readonly s3Uri?: never;
}

/** An audio file in S3 (voice only). */
export interface S3MediaPrompt {
  /** The object's URL, e.g. `https://bucket.s3.amazonaws.com/hold.wav`; may contain `$.` references. */
  readonly s3Uri: string;
  /** How long the recording plays, in seconds; the async macro needs it to size its loop. @default unknown */
  readonly lengthSeconds?: number;
  readonly text?: never;
  readonly ssml?: never;
  readonly promptId?: never;
}

/** Connect's limit on text per block, in characters (reference §5). */
const MAX_TEXT_CHARACTERS = 6000;

/**
 * The prompt keys of a MessageParticipant, GetParticipantInput or MessageParticipantIteratively message.
 * Throws, naming `owner` and the bad value, unless exactly one non-empty source is given.
 */
export function renderPromptSource(owner: string, source: PromptSource): BlockParameters {
  if (typeof source !== "object" || source === null) throw new Error(`${owner}: a prompt is required (got ${JSON.stringify(source)})`);
  const given = (["text", "ssml", "promptId", "s3Uri"] as const).filter((key) => source[key] !== undefined);
  if (given.length !== 1) {
    throw new Error(`${owner}: give exactly one of text, ssml, promptId or s3Uri (got ${given.length === 0 ? "none" : given.join(", ")})`);
  }
  const key = given[0]!;
  const value = source[key];
  if (typeof value !== "string" || value.trim().length === 0) throw new Error(`${owner}: ${key} must be a non-empty string (got ${JSON.stringify(value)})`);
  if (source.lengthSeconds !== undefined && !(Number.isFinite(source.lengthSeconds) && source.lengthSeconds > 0)) {
    throw new Error(`${owner}: lengthSeconds must be a positive number of seconds (got ${JSON.stringify(source.lengthSeconds)})`);
  }
  switch (key) {
    case "text":
      if (value.length > MAX_TEXT_CHARACTERS) throw new Error(`${owner}: text is ${value.length} characters; Connect allows ${MAX_TEXT_CHARACTERS}`);
      failOnForbiddenCharacter(owner, "text", value);
      return { Text: value };
    case "ssml":
      if (!/^\s*<speak[\s>]/.test(value) || !/<\/speak>\s*$/.test(value)) throw new Error(`${owner}: ssml must be a <speak>…</speak> document (got ${JSON.stringify(value)})`);
      if (value.length > MAX_TEXT_CHARACTERS) throw new Error(`${owner}: ssml is ${value.length} characters; Connect allows ${MAX_TEXT_CHARACTERS}`);
      failOnSsmlProblems(owner, value);
      return { SSML: value };
    case "promptId":
      failOnProblem(owner, "promptId", promptIdProblem(value));
      return { PromptId: value };
    case "s3Uri":
      failOnProblem(owner, "s3Uri", mediaUriProblem(value));
      return { Media: { Uri: value, SourceType: MediaSource.SourceType, MediaType: MediaSource.MediaType } };
  }
}

/** The builder writes the flow, so it takes no SSML Polly would misread: every problem throws, warnings too. */
function failOnSsmlProblems(owner: string, ssml: string): void {
  const problems = checkSsml(ssml);
  if (problems.length > 0) throw new Error(`${owner}: the ssml ${problems.map((problem) => problem.message).join(" It also ")}`);
}

function failOnForbiddenCharacter(owner: string, key: string, value: string): void {
  const found = findForbiddenCharacter(value);
  if (found !== undefined) throw new Error(`${owner}: ${key} has ${found}, which cannot be spoken or shown. Remove it.`);
}

function failOnProblem(owner: string, key: string, problem: string | undefined): void {
  if (problem !== undefined) throw new Error(`${owner}: ${key} ${problem}`);
}

/** Props of {@link MessageParticipant}. */
export interface MessageParticipantProps {
  /** What to play: `{ text }`, `{ ssml }`, `{ promptId }` or `{ s3Uri }`. */
  readonly prompt: PromptSource;
}

/**
 * Play prompt: plays a message to the caller (or sends it on chat), then continues.
 * Branches: next, error (`NoMatchingError`).
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/participant-actions-messageparticipant.html
 */
export class MessageParticipant extends FallibleLinearBlock {
  private readonly parameters: BlockParameters;

  constructor(name: string, props: MessageParticipantProps) {
    super(name, ActionType.MessageParticipant);
    this.parameters = renderPromptSource(this.label, props?.prompt);
  }

  public renderParameters(): BlockParameters {
    return this.parameters;
  }
}
