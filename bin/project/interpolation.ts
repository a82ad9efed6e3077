/**
 * Terraform string templates in synthesized JSON: `${…}` interpolations (CDKTF writes a reference such as
 * a Lambda's `.arn` as `${aws_lambda_function.name.arn}`) and the escapes `$${` and `%%{` for literal
 * text. connect-async resolves what is known at synth (variables' defaults) and lets the caller map
 * resource references; the rest stays as written.
 */

/** A variable's default, when it has a string or number one. */
export type VariableDefaults = ReadonlyMap<string, string>;

/** One `${…}` expression, e.g. `aws_lambda_function.start.arn`, and how to replace it. */
export type ReferenceResolver = (expression: string) => string | undefined;

/** An interpolation: `${` not preceded by the escape `$`, up to the first `}` (references have no braces). */
const INTERPOLATION = /(?<!\$)\$\{([^{}]*)\}/g;

/** Replaces every interpolation the resolver knows, then turns the escapes back into literal text. */
export function resolveTemplate(text: string, resolve: ReferenceResolver): string {
  const replaced = text.replace(INTERPOLATION, (whole: string, expression: string) => resolve(expression.trim()) ?? whole);
  return replaced.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}

/** A resolver for `var.<name>` from the variables' defaults. */
export function variableResolver(defaults: VariableDefaults): ReferenceResolver {
  return (expression) => {
    const match = /^var\.([A-Za-z0-9_-]+)$/.exec(expression);
    return match === null ? undefined : defaults.get(match[1]!);
  };
}

/** Tries each resolver in turn. */
export function firstOf(...resolvers: ReadonlyArray<ReferenceResolver>): ReferenceResolver {
  return (expression) => {
    for (const resolve of resolvers) {
      const value = resolve(expression);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}
