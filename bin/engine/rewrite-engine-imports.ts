/**
 * Moves TypeScript or compiled JavaScript from one engine to the other by rewriting its module
 * specifiers: `cdktf` → `cdktn`, `@cdktf/provider-aws/lib/<resource>` → `@cdktn/provider-aws/lib/<resource>`
 * and `connect-async` → `connect-async/cdktn` (for templates and printed snippets). Only specifiers are
 * touched (`require("…")`, `require.resolve("…")`, `import("…")`, `from "…"`, `import "…"`): a string such as `"cdktf"` in a list of
 * package names, or `cdktf.json`, stays as it is. The build uses this to write dist/cdktn from dist/lib;
 * `init --engine cdktn` uses it on the scaffold's templates.
 */
import { ENGINES, type Engine } from "./engines";

/** A module specifier in one of the four forms, quoted with ' or ". */
const SPECIFIER = /(\brequire(?:\.resolve)?\(\s*|\bimport\(\s*|\bfrom\s+|\bimport\s+)(["'])([^"'\s]+)\2/g;

/** The result of {@link rewriteEngineImports}. */
export interface RewrittenSource {
  readonly text: string;
  /** Every specifier now naming the target engine's provider (`@cdktn/provider-aws/lib/…`), sorted, once each. */
  readonly providerImports: ReadonlyArray<string>;
}

/** Rewrites every engine specifier of `text` from `from`'s packages to `to`'s. */
export function rewriteEngineImports(text: string, from: Engine, to: Engine): RewrittenSource {
  const source = ENGINES[from];
  const target = ENGINES[to];
  // Longest prefix first, so "connect-async/cdktn" is never read as "connect-async" plus "/cdktn".
  const pairs: ReadonlyArray<readonly [string, string]> = (
    [
      [source.core, target.core],
      [source.provider, target.provider],
      [source.library, target.library],
    ] as const
  ).slice().sort((a, b) => b[0].length - a[0].length);
  const providerImports = new Set<string>();
  const rewritten = text.replace(SPECIFIER, (whole: string, lead: string, quote: string, specifier: string) => {
    const moved = moveSpecifier(specifier, pairs);
    if (moved.startsWith(`${target.provider}/`)) providerImports.add(moved);
    return moved === specifier ? whole : `${lead}${quote}${moved}${quote}`;
  });
  return { text: rewritten, providerImports: [...providerImports].sort() };
}

/** The specifiers of `text` that name `engine`'s packages (left over after a rewrite, there must be none). */
export function engineSpecifiersOf(text: string, engine: Engine): string[] {
  const { core, provider } = ENGINES[engine];
  const found: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[3]!;
    if ([core, provider].some((name) => specifier === name || specifier.startsWith(`${name}/`))) found.push(specifier);
  }
  return found;
}

function moveSpecifier(specifier: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  for (const [from, to] of pairs) {
    if (specifier === from) return to;
    if (specifier.startsWith(`${from}/`)) return `${to}${specifier.slice(from.length)}`;
  }
  return specifier;
}
