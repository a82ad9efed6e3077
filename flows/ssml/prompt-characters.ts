/**
 * Characters a prompt must not carry: NUL and the other control characters (tab, line feed and carriage
 * return excepted), and UTF-16 surrogates that are not part of a pair. None of them can be spoken or shown,
 * a lone surrogate cannot even be encoded as UTF-8 (it would reach Connect as U+FFFD), and XML forbids the
 * controls, so SSML holding them is malformed.
 */

/** C0 controls other than tab, LF and CR; DEL; the C1 controls. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * The first character of `text` a prompt must not carry, described for a message, or undefined when there
 * is none. E.g. `a NUL character (U+0000) at character 7`.
 */
export function findForbiddenCharacter(text: string): string | undefined {
  const control = CONTROL_CHARACTER.exec(text);
  const surrogate = findLoneSurrogate(text);
  const at = Math.min(control?.index ?? Infinity, surrogate ?? Infinity);
  if (at === Infinity) return undefined;
  const code = text.charCodeAt(at);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const what = code === 0 ? `a NUL character (${hex})` : at === surrogate ? `a lone surrogate (${hex}, half of a character pair)` : `the control character ${hex}`;
  return `${what} at character ${at + 1}`;
}

function findLoneSurrogate(text: string): number | undefined {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index += 1;
        continue;
      }
      return index;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return index;
  }
  return undefined;
}
