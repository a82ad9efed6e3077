/**
 * How long a prompt plays, split into what the caller hears (speech, audio) and the silent pauses
 * inside it (SSML `<break>`). SSML breaks are exact; text is estimated at a speaking rate
 * (150 words per minute by default, Polly's usual pace); a recorded prompt has a stated length or
 * a default.
 */
import { promptDurationMs, SPEECH_WORDS_PER_MINUTE } from "../../flows/prompt-duration";

/** One stretch of a prompt. */
export interface PromptSegment {
  /** `speech` and `audio` are heard; `pause` is an SSML break (silence inside the prompt). */
  readonly kind: "speech" | "pause" | "audio";
  readonly durationMs: number;
  /** The words spoken (speech), the prompt's id (audio), or empty (pause). */
  readonly text: string;
}

/** How prompts are timed. */
export interface PromptTimingOptions {
  /** Speaking rate for text and SSML. @default 150 */
  readonly wordsPerMinute?: number;
  /** Length of a recorded prompt (PromptId or Media) whose length is not stated. @default 5000 */
  readonly defaultAudioMs?: number;
  /** Stated lengths of recorded prompts by PromptId or media URI. @default none */
  readonly audioDurationsMs?: { readonly [promptIdOrUri: string]: number };
}

const DEFAULT_AUDIO_MS = 5000;

/**
 * Estimated speaking time of plain text. At the default rate this is the flow builder's own estimate
 * (flows/prompt-duration.ts, which sizes the async macro's loop), so the simulator and the builder
 * agree on how long a prompt lasts.
 */
export function speechDurationMs(text: string, options: PromptTimingOptions = {}): number {
  if (options.wordsPerMinute === undefined || options.wordsPerMinute === SPEECH_WORDS_PER_MINUTE) {
    return text.trim() === "" ? 0 : (promptDurationMs({ text }) ?? 0);
  }
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  return Math.ceil((words * 60_000) / options.wordsPerMinute / 100) * 100;
}

/** A `<break>` tag's length, as the flow builder counts it (exact `time`, or Polly's pause for a strength). */
function breakDurationMs(tag: string): number {
  return promptDurationMs({ ssml: `<speak>${tag}</speak>` }) ?? 0;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function pushSpeech(segments: PromptSegment[], raw: string, options: PromptTimingOptions): void {
  const text = decodeEntities(raw).replace(/\s+/g, " ").trim();
  if (text === "") return;
  segments.push({ kind: "speech", durationMs: speechDurationMs(text, options), text });
}

/** Splits SSML into speech and pause segments, in order. */
export function ssmlSegments(ssml: string, options: PromptTimingOptions = {}): PromptSegment[] {
  const segments: PromptSegment[] = [];
  const tag = /<[^>]*>/g;
  let last = 0;
  for (let match = tag.exec(ssml); match; match = tag.exec(ssml)) {
    pushSpeech(segments, ssml.slice(last, match.index), options);
    if (/^<\s*break\b/i.test(match[0])) {
      segments.push({ kind: "pause", durationMs: breakDurationMs(match[0]), text: "" });
    }
    last = match.index + match[0].length;
  }
  pushSpeech(segments, ssml.slice(last), options);
  return mergeAdjacent(segments);
}

function mergeAdjacent(segments: PromptSegment[]): PromptSegment[] {
  const merged: PromptSegment[] = [];
  for (const segment of segments) {
    const previous = merged[merged.length - 1];
    if (previous && previous.kind === segment.kind && segment.kind !== "audio") {
      merged[merged.length - 1] = {
        kind: segment.kind,
        durationMs: previous.durationMs + segment.durationMs,
        text: [previous.text, segment.text].filter((part) => part !== "").join(" "),
      };
    } else {
      merged.push(segment);
    }
  }
  return merged;
}

/** The message source of a prompt, as resolved from a MessageParticipant-like action. */
export type PromptSource =
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "ssml"; readonly value: string }
  | { readonly kind: "audio"; readonly value: string };

/** Segments of a resolved prompt. */
export function promptSegments(source: PromptSource, options: PromptTimingOptions = {}): PromptSegment[] {
  switch (source.kind) {
    case "text": {
      const text = source.value.replace(/\s+/g, " ").trim();
      return text === "" ? [] : [{ kind: "speech", durationMs: speechDurationMs(text, options), text }];
    }
    case "ssml":
      return ssmlSegments(source.value, options);
    case "audio":
      return [
        {
          kind: "audio",
          durationMs: options.audioDurationsMs?.[source.value] ?? options.defaultAudioMs ?? DEFAULT_AUDIO_MS,
          text: source.value,
        },
      ];
  }
}

