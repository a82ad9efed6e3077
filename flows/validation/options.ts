import type { FlowType } from "./flow-type";

/** Options of `validateFlow`. Every field is optional; the defaults follow Connect's documented limits. */
export interface ValidateFlowOptions {
  /**
   * How many seconds of back-to-back synchronous Lambda time (the sum of their InvocationTimeLimitSeconds)
   * a path may accumulate without a prompt before a warning. Connect gives such a chain about 20 s and then
   * takes the error path.
   * @default 20
   */
  readonly lambdaBudgetSeconds?: number;
  /**
   * Keys of `$.External` that every Lambda in the flow returns, so reading them after any Lambda call is
   * intended. connect-async's start and poll handlers both return their reserved `async…` keys.
   * @default /^async/
   */
  readonly sharedExternalKeyPattern?: RegExp;
  /**
   * The flow's type (`CONTACT_FLOW`, `CUSTOMER_QUEUE`, …). When given, blocks whose documented restrictions
   * exclude it are reported as warnings.
   * @default unknown: no flow-type checks
   */
  readonly flowType?: FlowType;
  /**
   * The flow is the content of a Terraform resource (`aws_connect_contact_flow`, as `ContactFlow` writes it),
   * so Terraform fills in its `${…}` references (`${aws_lambda_function.x.arn}`, `${data.aws_connect_prompt.x.arn}`,
   * `${var.x}`) at deploy: they are not placeholders. Other placeholders (`%Name%`, `{{name}}`, `${name}`,
   * "ENTER …" text) are reported either way.
   * @default false: the flow is a file to import, and every `${…}` is a placeholder to substitute first
   */
  readonly terraformResolvesReferences?: boolean;
}

/** The options with every default filled in. */
export interface ResolvedValidateFlowOptions {
  readonly lambdaBudgetSeconds: number;
  readonly sharedExternalKeyPattern: RegExp;
  readonly flowType?: FlowType;
  readonly terraformResolvesReferences: boolean;
}

export function resolveValidateFlowOptions(options: ValidateFlowOptions = {}): ResolvedValidateFlowOptions {
  return {
    lambdaBudgetSeconds: options.lambdaBudgetSeconds ?? 20,
    // A copy without the g/y flags: `test` on a global RegExp would remember lastIndex between keys.
    sharedExternalKeyPattern: options.sharedExternalKeyPattern === undefined
      ? /^async/
      : new RegExp(options.sharedExternalKeyPattern.source, options.sharedExternalKeyPattern.flags.replace(/[gy]/g, "")),
    flowType: options.flowType,
    terraformResolvesReferences: options.terraformResolvesReferences === true,
  };
}
