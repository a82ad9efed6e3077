/**
 * Archived CDKTF calls `util.isArray` (in `TerraformOutput.isITerraformAddressable`), which Node 22
 * deprecates at run time: every synth of a CDKTF app then prints `[DEP0044] DeprecationWarning: The
 * util.isArray API is deprecated` on stderr, and nobody upstream will fix it. connect-async's commands hide
 * that one warning, and only it, wherever they run the user's app: in their own process, in the child that
 * runs an entry file, and (through NODE_OPTIONS) in a shell command from cdktf.json.
 */

/** Node's code for the `util.isArray` deprecation. */
export const UTIL_IS_ARRAY_DEPRECATION = "DEP0044";

/** The Node flag that hides one warning code; Node 20.11+ and 21.3+ have it. */
const DISABLE_WARNING_FLAG = "--disable-warning";

type EmitWarning = typeof process.emitWarning;

/** Drops DEP0044 from `target.emitWarning`; every other warning goes through unchanged. Idempotent. */
export function hideArchivedCdktfWarning(target: { emitWarning: EmitWarning } = process): void {
  const original = target.emitWarning as EmitWarning & { readonly hidesDep0044?: true };
  if (original.hidesDep0044 === true) return;
  const filtered = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
    if (warningCode(warning, rest) === UTIL_IS_ARRAY_DEPRECATION) return;
    (original as (...args: unknown[]) => void).apply(this, [warning, ...rest]);
  };
  Object.defineProperty(filtered, "hidesDep0044", { value: true });
  target.emitWarning = filtered as EmitWarning;
}

/** NODE_OPTIONS with `--disable-warning=DEP0044` added, when this Node accepts the flag there. */
export function nodeOptionsHidingArchivedCdktfWarning(nodeOptions: string | undefined, allowed: ReadonlySet<string> = process.allowedNodeEnvironmentFlags): string | undefined {
  if (!allowed.has(DISABLE_WARNING_FLAG)) return nodeOptions;
  const flag = `${DISABLE_WARNING_FLAG}=${UTIL_IS_ARRAY_DEPRECATION}`;
  if (nodeOptions?.includes(flag)) return nodeOptions;
  return nodeOptions === undefined || nodeOptions.trim() === "" ? flag : `${nodeOptions} ${flag}`;
}

/** The code of a warning, from `emitWarning(warning, type, code)` or `emitWarning(warning, { code })` or an Error's `code`. */
function warningCode(warning: string | Error, rest: ReadonlyArray<unknown>): unknown {
  const [second, third] = rest;
  if (typeof second === "object" && second !== null) return (second as { code?: unknown }).code;
  if (typeof second === "string" && third !== undefined) return third;
  return typeof warning === "object" ? (warning as Error & { code?: unknown }).code : undefined;
}
