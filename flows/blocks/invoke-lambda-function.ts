import { type BlockParameters } from "../block";
import { FallibleLinearBlock } from "../linear-block";
import { LambdaInvocationType } from "../flow-language";
import { ActionType } from "../private/action-type";
import { LambdaResponseType } from "../private/parameter-value";
import { MAX_ASYNC_LAMBDA_SECONDS, MAX_SYNC_LAMBDA_SECONDS } from "../validation/lambda-rules";

export { LambdaResponseType } from "../private/parameter-value";

/** Props of {@link InvokeLambdaFunction}. */
export interface InvokeLambdaFunctionProps {
  /**
   * The function's ARN. May be a deploy-time token (e.g. a Terraform reference), so it is only checked to
   * be non-empty; a `$.AwsRegion` segment is allowed.
   */
  readonly functionArn: string;
  /**
   * How long Connect waits for the function, in whole seconds: 1–8 when synchronous, 1–60 when
   * asynchronous.
   * @default 8
   */
  readonly invocationTimeLimitSeconds?: number;
  /**
   * `SYNCHRONOUS`: the contact waits for the answer. `ASYNCHRONOUS`: the contact goes on at once;
   * `$.LambdaInvocation.InvocationId` names the invocation, a Wait can wait for its return and
   * {@link LoadLambdaFunctionResult} loads its answer into `$.External` (reference §2.1.1–2.1.2).
   * @default synchronous (the key is left out, as in every export before the asynchronous mode)
   */
  readonly invocationType?: LambdaInvocationType;
  /**
   * Sent to the function as `Details.Parameters`. Keys are static; values are static text or may
   * interpolate `$.` references, e.g. `{ accountId: "$.Attributes.accountId" }`.
   * @default no attributes (the key is left out)
   */
  readonly invocationAttributes?: { readonly [key: string]: string };
  /**
   * How Connect validates the answer: `STRING_MAP` (a flat map of strings) or `JSON` (nested allowed).
   * @default left out: Connect's legacy behaviour, a flat string map
   */
  readonly responseType?: LambdaResponseType;
}

/** Connect's limit for a synchronous invocation, in seconds. */
const MAX_SYNC_TIME_LIMIT_SECONDS = MAX_SYNC_LAMBDA_SECONDS;
/** Connect's limit for an asynchronous invocation, in seconds (the admin guide; the API page still says 8). */
export const MAX_ASYNC_TIME_LIMIT_SECONDS = MAX_ASYNC_LAMBDA_SECONDS;

/**
 * AWS Lambda function: calls a function and continues. Synchronous (the default): its answer is
 * readable at `$.External.<key>` until the next Lambda call. Asynchronous: the contact continues at once
 * and the answer is fetched later with {@link LoadLambdaFunctionResult}. Branches: next, error
 * (`NoMatchingError`).
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/interactions-invokelambdafunction.html
 */
export class InvokeLambdaFunction extends FallibleLinearBlock {
  /** The invocation time limit in seconds (used by the async macro's timing plan). */
  public readonly invocationTimeLimitSeconds: number;
  /** Whether the contact waits for the answer. */
  public readonly invocationType: LambdaInvocationType;
  private readonly parameters: BlockParameters;

  constructor(name: string, props: InvokeLambdaFunctionProps) {
    super(name, ActionType.InvokeLambdaFunction);
    const arn = this.nonEmptyParameter("functionArn", props?.functionArn);
    if (props.invocationType !== undefined && !Object.values(LambdaInvocationType).includes(props.invocationType)) {
      this.fail(`invocationType must be SYNCHRONOUS or ASYNCHRONOUS (got ${JSON.stringify(props.invocationType)})`);
    }
    this.invocationType = props.invocationType ?? LambdaInvocationType.SYNCHRONOUS;
    const asynchronous = this.invocationType === LambdaInvocationType.ASYNCHRONOUS;
    this.invocationTimeLimitSeconds = props.invocationTimeLimitSeconds ?? MAX_SYNC_TIME_LIMIT_SECONDS;
    const timeLimit = this.integerParameter(
      asynchronous ? "invocationTimeLimitSeconds (asynchronous)" : "invocationTimeLimitSeconds",
      this.invocationTimeLimitSeconds,
      1,
      asynchronous ? MAX_ASYNC_TIME_LIMIT_SECONDS : MAX_SYNC_TIME_LIMIT_SECONDS,
    );
    const attributes = props.invocationAttributes;
    if (attributes !== undefined) {
      for (const [key, value] of Object.entries(attributes)) {
        if (key.length === 0) this.fail("invocationAttributes keys must not be empty");
        if (typeof value !== "string") this.fail(`invocationAttributes.${key} must be a string (got ${JSON.stringify(value)})`);
      }
    }
    if (props.responseType !== undefined && !Object.values(LambdaResponseType).includes(props.responseType)) {
      this.fail(`responseType must be STRING_MAP or JSON (got ${JSON.stringify(props.responseType)})`);
    }
    this.parameters = {
      LambdaFunctionARN: arn,
      InvocationTimeLimitSeconds: timeLimit,
      // Written only when asked for, so flows built before the asynchronous mode render unchanged.
      ...(props.invocationType !== undefined ? { InvocationType: props.invocationType } : {}),
      ...(attributes !== undefined && Object.keys(attributes).length > 0 ? { LambdaInvocationAttributes: { ...attributes } } : {}),
      ...(props.responseType !== undefined ? { ResponseValidation: { ResponseType: props.responseType } } : {}),
    };
  }

  public renderParameters(): BlockParameters {
    return this.parameters;
  }

  /** Shows the function's name instead of its ARN in the designer, when the ARN is literal. */
  public renderMetadata(): { readonly [key: string]: unknown } | undefined {
    const arn = this.parameters.LambdaFunctionARN as string;
    const functionName = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(arn)?.[1];
    return functionName === undefined ? undefined : { parameters: { LambdaFunctionARN: { displayName: functionName } } };
  }
}
