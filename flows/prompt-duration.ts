import type { PromptSource } from "./blocks/message-participant";

/**
 * How long a prompt plays, in milliseconds: the async macro sizes its wait loop from it.
 *
 * - `{ promptId }` and `{ s3Uri }`: exactly the `lengthSeconds` the author states (required by the macro;
 *   Connect cannot tell us how long a recording is).
 * - `{ ssml }`: the sum of its `<break>`s plus the speech of its text. A `<break time="2s"/>` or
 *   `time="500ms"` counts exactly; a `<break strength="…"/>` counts as Polly's usual pause for that
 *   strength (none 0, x-weak 250 ms, weak 500 ms, medium or a bare `<break/>` 750 ms, strong 1 s,
 *   x-strong 1.25 s); other tags count as nothing. An SSML prompt that is only breaks is therefore exact.
 * - `{ text }` (and the text inside SSML): an estimate at {@link SPEECH_WORDS_PER_MINUTE} words per minute
 *   (400 ms a word), where a word is a run of non-space characters and each `$.` reference counts as
 *   {@link WORDS_PER_REFERENCE} words (an interpolated amount or name is usually several spoken words).
 *   `<prosody rate>` is not taken into account. Rounded up to the next 100 ms.
 */
export function promptDurationMs(prompt: PromptSource): number | undefined {
  if (prompt.text !== undefined) return speechMs(prompt.text);
  if (prompt.ssml !== undefined) return ssmlMs(prompt.ssml);
  return prompt.lengthSeconds === undefined ? undefined : Math.round(prompt.lengthSeconds * 1000);
}

/** Typical text-to-speech rate used for estimates. */
export const SPEECH_WORDS_PER_MINUTE = 150;

/** How many spoken words one `$.` reference is assumed to become. */
export const WORDS_PER_REFERENCE = 4;

/** True when the duration is exact (recordings with a stated length, SSML made only of timed breaks). */
export function isPromptDurationExact(prompt: PromptSource): boolean {
  if (prompt.text !== undefined) return false;
  if (prompt.ssml !== undefined) return wordCount(stripTags(prompt.ssml)) === 0 && !/<break(?![^>]*\btime=)[^>]*>/.test(prompt.ssml);
  return prompt.lengthSeconds !== undefined;
}

const MS_PER_WORD = 60000 / SPEECH_WORDS_PER_MINUTE;

/** A Map: the strength comes from the prompt's text. */
const BREAK_STRENGTH_MS: ReadonlyMap<string, number> = new Map(Object.entries({
  none: 0,
  "x-weak": 250,
  weak: 500,
  medium: 750,
  strong: 1000,
  "x-strong": 1250,
}));

function speechMs(text: string): number {
  return Math.ceil((wordCount(text) * MS_PER_WORD) / 100) * 100;
}

function wordCount(text: string): number {
  const references = text.match(/\$(\.[A-Za-z0-9_.\-]+|\[[^\]]*\](\[[^\]]*\])*)/g) ?? [];
  const withoutReferences = references.reduce((rest, reference) => rest.replace(reference, " "), text);
  const words = withoutReferences.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  return words + references.length * WORDS_PER_REFERENCE;
}

function ssmlMs(ssml: string): number {
  let breaksMs = 0;
  for (const [tag] of ssml.matchAll(/<break\b[^>]*>/g)) breaksMs += breakMs(tag);
  return breaksMs + speechMs(stripTags(ssml));
}

function breakMs(tag: string): number {
  const time = /\btime\s*=\s*["']\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*["']/i.exec(tag);
  if (time !== null) return Math.round(Number(time[1]) * (time[2]!.toLowerCase() === "s" ? 1000 : 1));
  const strength = /\bstrength\s*=\s*["']([a-z-]+)["']/i.exec(tag)?.[1]?.toLowerCase();
  return BREAK_STRENGTH_MS.get(strength ?? "medium") ?? BREAK_STRENGTH_MS.get("medium")!;
}

function stripTags(ssml: string): string {
  return ssml.replace(/<[^>]*>/g, " ");
}
