/**
 * The SSML tags and attributes Amazon Polly reads when Amazon Connect speaks a prompt.
 *
 * Sources (read 2026-11-30):
 * - Amazon Connect, "SSML tags supported by Amazon Connect":
 *   https://docs.aws.amazon.com/connect/latest/adminguide/supported-ssml-tags.html (speak, break, lang,
 *   mark, p, phoneme, prosody, s, say-as, sub, w, amazon:effect name="whispered", and amazon:domain for the
 *   newscaster style; Connect silently ignores any other tag).
 * - Amazon Polly, "Supported SSML tags": https://docs.aws.amazon.com/polly/latest/dg/supportedtags.html
 *   (adds emphasis, amazon:auto-breaths, amazon:breath, the other amazon:effect forms and
 *   prosody amazon:max-duration; availability depends on the voice engine), and each tag's own page for its
 *   attributes, e.g. https://docs.aws.amazon.com/polly/latest/dg/break-tag.html (break ≤ 10 s).
 * The attribute lists below follow those pages; `xmlns…`/`version` are the usual SSML root declarations.
 */

/**
 * Each supported tag and the attributes Polly documents for it. A Map, not an object: tag names come from
 * the prompt's text, and `<constructor>` must be an unknown tag, not a lookup of Object.prototype.
 */
export const POLLY_SSML_TAGS: ReadonlyMap<string, ReadonlyArray<string>> = new Map(Object.entries({
  speak: ["xmlns", "xmlns:amazon", "version", "xml:lang"],
  break: ["time", "strength"],
  emphasis: ["level"],
  lang: ["xml:lang", "onlangfailure"],
  mark: ["name"],
  p: [],
  phoneme: ["alphabet", "ph"],
  prosody: ["volume", "rate", "pitch", "amazon:max-duration"],
  s: [],
  "say-as": ["interpret-as", "format", "detail"],
  sub: ["alias"],
  w: ["role"],
  "amazon:auto-breaths": ["volume", "frequency", "duration"],
  "amazon:breath": ["duration", "volume"],
  "amazon:domain": ["name"],
  "amazon:effect": ["name", "phonation", "vocal-tract-length"],
}));

/** The root every SSML prompt must have. */
export const SSML_ROOT_TAG = "speak";

/** Polly's longest pause: 10 s (break-tag.html). */
export const MAX_BREAK_SECONDS = 10;

/** The `strength` values of `<break>` (break-tag.html). */
export const BREAK_STRENGTHS: ReadonlySet<string> = new Set(["none", "x-weak", "weak", "medium", "strong", "x-strong"]);

/**
 * Tags that are never speech markup: a prompt carrying them was built from untrusted text (an injection) or
 * copied from HTML. Polly would drop them silently; connect-async refuses them.
 */
export const FORBIDDEN_SSML_TAGS: ReadonlySet<string> = new Set(["script", "style", "iframe", "object", "embed"]);
