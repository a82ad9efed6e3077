/**
 * The simulator's figures, each defined once (issue 17 F): the text report, `simulate --help`'s `--json`
 * description and the README's simulator section all use these words, and a test holds the README and
 * the help to them. Plain strings, so `--help` can show them without loading the simulator.
 */

/** What "silence" means in every figure that names it. */
export const SILENCE_DEFINITION =
  "silence is time with nothing audible: on voice, no speech or recorded audio (music) playing, so an SSML pause is silence; on other channels, the time between messages";

/** Each `--json` figure of a caller (the top level gives the first caller's), by its JSON name. */
export const FIGURE_DEFINITIONS = {
  timeToOutcomeMs: "from the call's start to the macro's outcome (its success, failure or timeout branch)",
  resultDeliveryLagMs: "the outcome's time minus the time the backend finished the work it answered; null when no backend work finished during the call (a cache hit)",
  longestSilenceMs: "the longest silence from the call's start to its outcome, Lambda calls included",
  silenceBeyondLambdaMs:
    "quiet beyond Lambda: the longest silence once the time in synchronous Lambda blocks is left out (an asynchronous invocation runs beside the contact and is not left out); never more than longestSilenceMs",
} as const;
export type FigureName = keyof typeof FIGURE_DEFINITIONS;

/** The definitions as one paragraph, `name: definition; …`, for help texts. */
export function figureGlossary(): string {
  return `${Object.entries(FIGURE_DEFINITIONS).map(([name, definition]) => `${name}: ${definition}`).join("; ")}; ${SILENCE_DEFINITION}.`;
}
