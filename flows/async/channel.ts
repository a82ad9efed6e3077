/**
 * Channel awareness (reference §2.1.2, "Channels"): only voice plays SSML and library or S3 prompts; chat,
 * task and email take Text only, and every chat message is billed and stays in the transcript. So the
 * macro splits the wait on `$.Channel` once: voice keeps its audio, every other channel gets one initial
 * text and a comfort text at most every so often, and never a pause prompt.
 */
import { Compare } from "../blocks/compare";
import type { PromptSource } from "../blocks/message-participant";
import type { IChainable } from "../chain";
import { Condition } from "../condition";
import { Channel } from "../flow-language";
import { ssmlText } from "../ssml/ssml-text";
import { requireIntegerIn } from "./option-checks";
import type { AsyncWaitOptions } from "./wait-options";

/** The contact's channel. */
export const CHANNEL_REFERENCE = "$.Channel";

/** Default shortest time between two comfort texts. */
export const DEFAULT_TEXT_COMFORT_EVERY_SECONDS = 30;

/** A Compare that sends voice contacts to `voice` and every other channel to `text`. */
export function channelCheck(name: string, voice: IChainable, text: IChainable): Compare {
  return new Compare(name, { comparisonValue: CHANNEL_REFERENCE }).when(Condition.equals(Channel.VOICE), voice).otherwise(text);
}

/**
 * The text a non-voice contact gets for `source`: a text prompt as it is, an SSML prompt's words as the
 * XML parser reads them (flows/ssml/ssml-text.ts: no markup, comment or attribute value ever shows), nothing
 * for a recording or an SSML prompt that is only pauses.
 */
export function textOf(source: PromptSource | undefined): string | undefined {
  if (source === undefined) return undefined;
  if (source.text !== undefined) return source.text;
  if (source.ssml === undefined) return undefined;
  return ssmlText(source.ssml);
}

/** The text chosen for a non-voice contact: an explicit option wins; `false` means none. */
export function nonVoiceText(option: string | false | undefined, fallback: PromptSource | undefined): string | undefined {
  if (option === false) return undefined;
  return option ?? textOf(fallback);
}

/** The texts of chat, task and email contacts, checked. */
export interface TextMessages {
  readonly initial: string | undefined;
  readonly comfort: string | undefined;
  readonly comfortEverySeconds: number;
}

export function textOptions(label: string, options: AsyncWaitOptions): TextMessages {
  const nonVoice = options.nonVoice ?? {};
  const initial = nonVoiceText(nonVoice.initialMessage, options.initialMessage);
  const comfort = nonVoiceText(nonVoice.comfortMessage, options.comfortMessage);
  for (const [prop, value] of [["nonVoice.initialMessage", initial], ["nonVoice.comfortMessage", comfort]] as const) {
    if (value !== undefined && value.trim().length === 0) throw new Error(`${label}: ${prop} must not be empty; use false to send nothing`);
  }
  const comfortEverySeconds = requireIntegerIn(label, "nonVoice.comfortEverySeconds", nonVoice.comfortEverySeconds ?? DEFAULT_TEXT_COMFORT_EVERY_SECONDS, 5, 3600);
  return { initial, comfort, comfortEverySeconds };
}
