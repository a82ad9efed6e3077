/**
 * Placeholders in flows kept as templates. Repositories keep flow JSON with stand-ins that a deployment
 * step fills in before the flow is imported into Connect:
 * - CDK-style `%Name%` (replaced by a custom resource or a build script);
 * - `${name}`: Terraform `templatefile()` variables, CloudFormation `Fn::Sub` (`${LambdaFn.Arn}`), and the
 *   Terraform references (`${data.aws_connect_prompt.music.arn}`) of content that Terraform renders;
 * - `{{name}}` (Mustache, Jinja, Handlebars);
 * - text left for a person to replace, such as "ENTER BACKEND LAMBDA" or "**ENTER YOUR QUEUE ARN HERE**" in
 *   the console exports of AWS's samples (only where an ARN or id goes: elsewhere such words may be meant).
 *
 * Connect takes every one of them literally, so each must be substituted before import.
 */

/** How a placeholder is written. */
export const PlaceholderSyntax = {
  /** `%Name%` */
  Percent: "%Name%",
  /** `${name}` */
  Interpolation: "${name}",
  /** `{{name}}` */
  Braces: "{{name}}",
  /** "ENTER …" text in an ARN or id field */
  Text: "text",
} as const;
export type PlaceholderSyntax = (typeof PlaceholderSyntax)[keyof typeof PlaceholderSyntax];

/** One placeholder found in a string. */
export interface Placeholder {
  readonly syntax: PlaceholderSyntax;
  /** The name a value is given for (`BeepPromptArn` for `%BeepPromptArn%`; the whole text for "ENTER …" text). */
  readonly name: string;
  /** The placeholder as written, e.g. `%BeepPromptArn%`. */
  readonly text: string;
}

/** Options of {@link findPlaceholders}. */
export interface FindPlaceholdersOptions {
  /**
   * Also report "ENTER …" text, when the string sits where an ARN or id goes.
   * @default false
   */
  readonly text?: boolean;
  /**
   * `${…}` Terraform references (`aws_x.name.attr`, `data.…`, `var.…`, `local.…`, `module.…`, function calls)
   * are filled in by Terraform, because the string is the content of a Terraform resource: not placeholders.
   * `${name}` without a dot is still one (a `templatefile()` variable is not in scope there).
   * @default false
   */
  readonly terraformResolves?: boolean;
}

/** `${…}` not preceded by the `$` of Terraform's escape `$${`. */
const INTERPOLATION = /(?<!\$)\$\{([^{}]*)\}/g;
/** `%Name%`: a name of letters, digits, `_`, `.`, `:` and `-` starting with a letter or `_` (so "50%" and "%20" are not). */
const PERCENT = /%([A-Za-z_][A-Za-z0-9_.:-]{0,99})%/g;
const BRACES = /\{\{\s*([^{}]{1,100}?)\s*\}\}/g;
/** Words that start text left for a person to replace, after any decoration such as `**` or `<`. */
const TEXT_PLACEHOLDER = /^[^A-Za-z0-9]*(?:ENTER|INSERT|REPLACE|PASTE|PUT)[\s_]+\S/i;
/** What CDKTF writes for a token it has not resolved yet (resolved at synth, never imported as is). */
const CDKTF_TOKEN = /^TfToken\[/;
/** The start of a Terraform reference or expression: what Terraform, not a template step, fills in. */
const TERRAFORM_REFERENCE = /^(?:var|local|module|data|each|count|path|terraform|self)\.|^[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_]|\(/;

/** Every placeholder in `value`, in the order they appear (the "ENTER …" text, when asked for, covers the whole value). */
export function findPlaceholders(value: string, options: FindPlaceholdersOptions = {}): Placeholder[] {
  if (options.text === true && TEXT_PLACEHOLDER.test(value)) {
    return [{ syntax: PlaceholderSyntax.Text, name: value.trim(), text: value }];
  }
  const found: Array<Placeholder & { readonly at: number }> = [];
  for (const match of value.matchAll(INTERPOLATION)) {
    const expression = match[1]!.trim();
    if (CDKTF_TOKEN.test(expression)) continue;
    if (options.terraformResolves === true && TERRAFORM_REFERENCE.test(expression)) continue;
    found.push({ syntax: PlaceholderSyntax.Interpolation, name: expression, text: match[0], at: match.index });
  }
  for (const match of value.matchAll(PERCENT)) found.push({ syntax: PlaceholderSyntax.Percent, name: match[1]!, text: match[0], at: match.index });
  for (const match of value.matchAll(BRACES)) found.push({ syntax: PlaceholderSyntax.Braces, name: match[1]!, text: match[0], at: match.index });
  return found.sort((a, b) => a.at - b.at).map(({ syntax, name, text }) => ({ syntax, name, text }));
}

/**
 * Whether a parameter key names an ARN, an id or a prompt location (`LambdaFunctionARN`, `AliasArn`, `PromptId`,
 * `QueueId`, `ContactFlowId`, `HoursOfOperationId`, `Uri`): the fields where a placeholder must be a resource.
 */
export function isResourceField(key: string): boolean {
  return /(?:ARN|Arn|Id|Uri)$/.test(key);
}
