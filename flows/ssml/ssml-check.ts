/**
 * Checks an SSML prompt the way Amazon Polly will read it: well-formed XML inside one `<speak>` root, only
 * the tags and attributes Polly supports in Connect, pauses of at most 10 s, no nested `<speak>`, no
 * `<script>`, no characters that cannot be spoken.
 *
 * XML is read by saxes (https://github.com/lddubeau/saxes, the strict, non-validating parser jsdom uses).
 * It is safe for untrusted text: it does nothing with a DTD ("This parser doesn't do anything with that",
 * its README on `<!DOCTYPE` and `<!ENTITY`), so no entity is ever expanded or fetched; an undeclared entity
 * such as `&nbsp;` is an error. A DOCTYPE is refused here on top of that.
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { findJsonPathReferences } from "../validation/json-path";
import { BREAK_STRENGTHS, FORBIDDEN_SSML_TAGS, MAX_BREAK_SECONDS, POLLY_SSML_TAGS, SSML_ROOT_TAG } from "./polly-ssml-tags";
import { findForbiddenCharacter } from "./prompt-characters";

/** What kind of problem an SSML prompt has; stable, so the validator can map each to an issue code. */
export const SsmlProblemKind = {
  /** Not well-formed XML, a DOCTYPE, or a character that cannot be spoken: Polly fails the prompt. */
  Malformed: "Malformed",
  /** A nested `<speak>` or a `<script>`-like tag: never valid speech markup. */
  Forbidden: "Forbidden",
  /** No `<speak>` root. Connect exports have shown such prompts, so only the builder insists. */
  NoSpeakRoot: "NoSpeakRoot",
  /** A tag, attribute or value Polly does not support in Connect: Connect drops it silently. */
  Unsupported: "Unsupported",
  /** A pause over Polly's 10 s: the caller hears 10 s. */
  BreakTooLong: "BreakTooLong",
} as const;
export type SsmlProblemKind = (typeof SsmlProblemKind)[keyof typeof SsmlProblemKind];

/** One problem of an SSML prompt, described for a flow designer (without naming the block). */
export interface SsmlProblem {
  /** What kind of problem it is; the validator maps it to an issue code and a severity. */
  readonly kind: SsmlProblemKind;
  /** What is wrong and how to fix it, written to follow "the SSML …" (it starts with a verb such as "has"). */
  readonly message: string;
}

/** A bare `&`: one that does not start `&name;`, `&#123;` or `&#x1F;`. */
const BARE_AMPERSAND = /&(?![A-Za-z_][\w.-]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)/g;

/** What may precede the root element: white space, an XML declaration and comments. */
const XML_PROLOG = /^(?:\s+|<\?xml[^>]*\?>|<!--[\s\S]*?-->)*/;

/** Every problem of `ssml`, most serious first; an empty list when Polly will read it as written. */
export function checkSsml(ssml: string): SsmlProblem[] {
  const forbiddenCharacter = findForbiddenCharacter(ssml);
  if (forbiddenCharacter !== undefined) {
    return [{ kind: SsmlProblemKind.Malformed, message: `has ${forbiddenCharacter}, which cannot be spoken and is not allowed in XML. Remove it.` }];
  }
  const ampersands = [...ssml.matchAll(BARE_AMPERSAND)];
  if (ampersands.length > 0) {
    const first = ampersands[0].index as number;
    return [{
      kind: SsmlProblemKind.Malformed,
      message: `has a bare "&" at character ${first + 1} (${JSON.stringify(excerpt(ssml, first))})${ampersands.length > 1 ? ` and ${ampersands.length - 1} more` : ""}; in SSML, which is XML, write "&amp;" (or say "and").`,
    }];
  }
  if (/<!DOCTYPE/i.test(ssml)) {
    return [{ kind: SsmlProblemKind.Malformed, message: "has a <!DOCTYPE>; SSML prompts take none (and a DTD could declare entities). Remove it." }];
  }
  const problems: SsmlProblem[] = [];
  const rooted = ssml.replace(XML_PROLOG, "").startsWith(`<${SSML_ROOT_TAG}`);
  if (!rooted) {
    problems.push({ kind: SsmlProblemKind.NoSpeakRoot, message: `is not wrapped in <${SSML_ROOT_TAG}>…</${SSML_ROOT_TAG}>; Polly reads SSML only inside one <${SSML_ROOT_TAG}> element. Wrap it.` });
  }
  problems.push(...readMarkup(ssml, rooted));
  const order: ReadonlyArray<SsmlProblemKind> = [SsmlProblemKind.Malformed, SsmlProblemKind.Forbidden, SsmlProblemKind.NoSpeakRoot, SsmlProblemKind.BreakTooLong, SsmlProblemKind.Unsupported];
  return problems.map((problem, index) => ({ problem, index }))
    .sort((a, b) => order.indexOf(a.problem.kind) - order.indexOf(b.problem.kind) || a.index - b.index)
    .map(({ problem }) => problem);
}

/** Parses the markup; without a `<speak>` root it is read as a fragment, so its tags are still checked. */
function readMarkup(ssml: string, rooted: boolean): SsmlProblem[] {
  const problems: SsmlProblem[] = [];
  const parser = new SaxesParser({ xmlns: false, fragment: !rooted, position: true });
  let depth = 0;
  let malformed = false;
  parser.on("error", (error) => {
    // The first syntax error explains the rest; later ones are its echoes.
    if (malformed) return;
    malformed = true;
    problems.push({ kind: SsmlProblemKind.Malformed, message: `is not well-formed XML: ${describeSaxesError(error.message)}. Check that every tag is closed, attributes are quoted, and < and & in text are written &lt; and &amp;.` });
  });
  parser.on("opentag", (tag: SaxesTagPlain) => {
    problems.push(...checkTag(tag, depth));
    depth += 1;
  });
  parser.on("closetag", () => {
    depth -= 1;
  });
  try {
    parser.write(ssml).close();
  } catch (error) {
    // saxes reports through the handler above; this only guards against a throw from inside it.
    if (!malformed) problems.push({ kind: SsmlProblemKind.Malformed, message: `is not well-formed XML: ${describeSaxesError(error instanceof Error ? error.message : String(error))}.` });
  }
  return problems;
}

function checkTag(tag: SaxesTagPlain, depth: number): SsmlProblem[] {
  const name = tag.name;
  if (FORBIDDEN_SSML_TAGS.has(name.toLowerCase())) {
    return [{ kind: SsmlProblemKind.Forbidden, message: `contains a <${name}> element, which is not speech markup (was untrusted text put into the prompt?). Remove it, and escape text you insert into SSML.` }];
  }
  if (name === SSML_ROOT_TAG && depth > 0) {
    return [{ kind: SsmlProblemKind.Forbidden, message: `has a <${SSML_ROOT_TAG}> inside another; a prompt has exactly one <${SSML_ROOT_TAG}> root. Remove the inner one.` }];
  }
  const allowed = POLLY_SSML_TAGS.get(name);
  if (allowed === undefined) {
    return [{ kind: SsmlProblemKind.Unsupported, message: `uses <${name}>, which Polly does not support in Amazon Connect (Connect ignores it). Use one of ${[...POLLY_SSML_TAGS.keys()].map((tagName) => `<${tagName}>`).join(", ")}.` }];
  }
  const problems: SsmlProblem[] = [];
  for (const attribute of Object.keys(tag.attributes)) {
    if (!allowed.includes(attribute)) {
      problems.push({ kind: SsmlProblemKind.Unsupported, message: `gives <${name}> the attribute "${attribute}", which Polly does not know${allowed.length > 0 ? `; it takes ${allowed.map((a) => `"${a}"`).join(", ")}` : "; it takes none"}. Remove or rename it.` });
    }
  }
  if (name === "break") problems.push(...checkBreak(new Map(Object.entries(tag.attributes as { readonly [name: string]: string }))));
  return problems;
}

/** `<break time="…">`: Polly reads `<n>s` or `<n>ms`, at most 10 s; `strength` takes a fixed set of words. */
function checkBreak(attributes: ReadonlyMap<string, string>): SsmlProblem[] {
  const problems: SsmlProblem[] = [];
  const time = attributes.get("time");
  if (time !== undefined && !isDynamic(time)) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/.exec(time);
    if (match === null) {
      problems.push({ kind: SsmlProblemKind.Unsupported, message: `has <break time="${time}">, which Polly does not read as a duration. Write seconds or milliseconds, e.g. "2s" or "500ms".` });
    } else {
      const seconds = match[2] === "ms" ? Number(match[1]) / 1000 : Number(match[1]);
      if (seconds > MAX_BREAK_SECONDS) {
        problems.push({ kind: SsmlProblemKind.BreakTooLong, message: `has <break time="${time}">, longer than Polly's longest pause of ${MAX_BREAK_SECONDS} s (the caller hears ${MAX_BREAK_SECONDS} s). Use several breaks of at most "${MAX_BREAK_SECONDS}s", or a Wait.` });
      }
    }
  }
  const strength = attributes.get("strength");
  if (strength !== undefined && !isDynamic(strength) && !BREAK_STRENGTHS.has(strength)) {
    problems.push({ kind: SsmlProblemKind.Unsupported, message: `has <break strength="${strength}">; Polly takes ${[...BREAK_STRENGTHS].map((s) => `"${s}"`).join(", ")}.` });
  }
  return problems;
}

/** A value Connect fills in at run time (a `$.` reference) or Terraform at deploy time (`${…}`): not checked. */
function isDynamic(value: string): boolean {
  return value.includes("${") || findJsonPathReferences(value).length > 0;
}

/** saxes says "1:26: unclosed tag: speak"; a designer reads "line 1, column 26: unclosed tag: speak". */
function describeSaxesError(message: string): string {
  const match = /^(\d+):(\d+): (.*)$/s.exec(message);
  const text = (match === null ? message : `line ${match[1]}, column ${match[2]}: ${match[3]}`).replace(/\.$/, "");
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, 160);
}

function excerpt(text: string, at: number): string {
  return text.slice(Math.max(0, at - 12), at + 12);
}
