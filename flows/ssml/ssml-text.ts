/**
 * The words of an SSML prompt as a reader sees them, for channels that take text only (chat, task, email).
 *
 * Read with the same XML parser as the SSML check (saxes), not with a regular expression: a `>` inside an
 * attribute value (`<mark name="a>b secret"/>`), a comment, a CDATA section or a processing instruction is
 * markup, and none of it may reach a chat message, which the customer reads and the transcript keeps. Only
 * character data counts; the five predefined entities and character references are decoded by the parser,
 * and no other entity is ever expanded (saxes does nothing with a DTD; an undeclared entity is an error).
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { FORBIDDEN_SSML_TAGS, SSML_ROOT_TAG } from "./polly-ssml-tags";

/**
 * Tags that separate what comes before from what comes after (a pause, a paragraph, a sentence, the root).
 * Every other tag marks up words in place (`<emphasis>`, `<say-as>`, `<sub>`), so `Hello <emphasis>world</emphasis>!`
 * reads "Hello world!".
 */
const SEPARATING_TAGS: ReadonlySet<string> = new Set([SSML_ROOT_TAG, "break", "p", "s"]);

/** What may precede the root element: white space, an XML declaration and comments. */
const XML_PROLOG = /^(?:\s+|<\?xml[^>]*\?>|<!--[\s\S]*?-->)*/;

/**
 * The text of `ssml`, white space collapsed: its character data outside forbidden tags (`<script>`…), nothing
 * else. Undefined when the prompt says no words (only pauses), or when it is not well-formed XML or carries a
 * DTD: then what is markup and what is text cannot be told apart, so nothing is shown rather than markup.
 */
export function ssmlText(ssml: string): string | undefined {
  if (/<!DOCTYPE/i.test(ssml)) return undefined;
  const rooted = ssml.replace(XML_PROLOG, "").startsWith(`<${SSML_ROOT_TAG}`);
  const parser = new SaxesParser({ xmlns: false, fragment: !rooted });
  const pieces: string[] = [];
  let forbiddenDepth = 0;
  let malformed = false;
  parser.on("error", () => {
    malformed = true;
  });
  parser.on("text", (text: string) => {
    if (forbiddenDepth === 0) pieces.push(text);
  });
  parser.on("opentag", (tag: SaxesTagPlain) => {
    if (forbiddenDepth > 0 || FORBIDDEN_SSML_TAGS.has(tag.name.toLowerCase())) forbiddenDepth += 1;
    if (SEPARATING_TAGS.has(tag.name)) pieces.push(" ");
  });
  parser.on("closetag", (tag: SaxesTagPlain) => {
    if (forbiddenDepth > 0) forbiddenDepth -= 1;
    if (SEPARATING_TAGS.has(tag.name)) pieces.push(" ");
  });
  try {
    parser.write(ssml).close();
  } catch {
    // saxes reports through the error handler; this only guards against a throw from inside a handler.
    malformed = true;
  }
  if (malformed) return undefined;
  const words = pieces.join("").replace(/\s+/g, " ").trim();
  return words.length > 0 ? words : undefined;
}
