/**
 * The start half of the macro: invoke `start` with the operation and its input, and save the request id
 * in a flow attribute. `asyncInvoke` continues from it into a wait; `asyncStart` returns it so other blocks
 * can run before `asyncAwait`.
 */
import type { Block } from "../block";
import { InvokeLambdaFunction } from "../blocks/invoke-lambda-function";
import { UpdateFlowAttributes } from "../blocks/update-flow-attributes";
import { Chain, type IChainable, type INextable } from "../chain";
import { ASYNC_RESERVED_PREFIX, AsyncParameter, AsyncResponseKey } from "../private/async-response";
import { LambdaResponseType } from "../private/parameter-value";
import { NAME_PATTERN, requireNonEmpty, requireTimeLimit } from "./option-checks";
import { externalReference } from "./status-check";

/** Options of the start half: `asyncStart`, and the start part of `asyncInvoke`. */
export interface AsyncStartOptions {
  /**
   * Names every block, the flow attributes and the Loop counters of this use of the macro
   * (`[A-Za-z0-9_-]`, 1–40 characters). Give each use in one flow its own id.
   * @default the operation name
   */
  readonly id?: string;
  /** The `start` Lambda's ARN (may be a deploy-time token such as `${TfToken[TOKEN.12]}`); only checked to be non-empty. */
  readonly startFunctionArn: string;
  /**
   * The operation's input, sent to `start` as invocation attributes beside `operation`. Values are static
   * or interpolate `$.` references, e.g. `{ accountId: "$.Attributes.accountId" }`. Keys must not start
   * with `async` (reserved) or be `operation`.
   * @default no input
   */
  readonly input?: { readonly [key: string]: string };
  /** The start invocation's time limit in seconds (1–8); covers the handler's fast path. @default 4 */
  readonly startInvocationTimeLimitSeconds?: number;
  /** How Connect validates start's and poll's answers; match the operation's `responseType`. @default "STRING_MAP" */
  readonly responseType?: LambdaResponseType;
}

const DEFAULT_START_TIME_LIMIT_SECONDS = 4;

/**
 * The start half: invokes `start` with the operation and its input and saves `asyncRequestId` in a
 * flow attribute, then continues at once, even when the work is still pending. Put other blocks after
 * it, then `asyncAwait(call, …)`. `onError()` takes the start's invocation error.
 */
export class AsyncCall implements IChainable, INextable {
  /** The macro id every name derives from. */
  public readonly id: string;
  /** The operation started. */
  public readonly operation: string;
  /** The input sent to start beside the operation name. */
  public readonly input: { readonly [key: string]: string };
  /** The flow attribute holding the request id. */
  public readonly requestIdAttribute: string;
  /** How Connect validates start's answer (asyncAwait reuses it for poll). */
  public readonly responseType: LambdaResponseType;
  /** The start invocation's time limit in seconds. */
  public readonly startInvocationTimeLimitSeconds: number;
  private readonly start: InvokeLambdaFunction;
  private readonly save: UpdateFlowAttributes;

  /** @internal use {@link asyncStart} */
  constructor(kind: string, operation: string, options: AsyncStartOptions) {
    const id = options?.id ?? operation;
    const label = `${kind} "${id}"`;
    if (typeof operation !== "string" || !NAME_PATTERN.test(operation)) throw new Error(`${label}: the operation name must match [A-Za-z0-9_-]{1,40} (got ${JSON.stringify(operation)})`);
    if (!NAME_PATTERN.test(id)) throw new Error(`${kind} "${operation}": id must match [A-Za-z0-9_-]{1,40} (got ${JSON.stringify(id)})`);
    requireNonEmpty(label, "startFunctionArn", options.startFunctionArn);
    const input = options.input ?? {};
    for (const [key, value] of Object.entries(input)) {
      if (key.length === 0 || key === AsyncParameter.operation || key.startsWith(ASYNC_RESERVED_PREFIX)) {
        throw new Error(`${label}: input key ${JSON.stringify(key)} is reserved or empty; keys must not be "operation" or start with "async"`);
      }
      if (typeof value !== "string") throw new Error(`${label}: input.${key} must be a string (got ${JSON.stringify(value)})`);
    }
    this.id = id;
    this.operation = operation;
    this.input = { ...input };
    this.requestIdAttribute = `${id}_${AsyncResponseKey.requestId}`;
    this.responseType = options.responseType ?? LambdaResponseType.STRING_MAP;
    this.startInvocationTimeLimitSeconds = requireTimeLimit(label, "startInvocationTimeLimitSeconds", options.startInvocationTimeLimitSeconds ?? DEFAULT_START_TIME_LIMIT_SECONDS);
    this.start = new InvokeLambdaFunction(`${id}: start`, {
      functionArn: options.startFunctionArn,
      invocationTimeLimitSeconds: this.startInvocationTimeLimitSeconds,
      invocationAttributes: { [AsyncParameter.operation]: operation, ...input },
      responseType: this.responseType,
    });
    this.save = new UpdateFlowAttributes(`${id}: save request id`, {
      attributes: { [this.requestIdAttribute]: externalReference(AsyncResponseKey.requestId) },
    });
    this.start.next(this.save);
  }

  /** `$.FlowAttributes.<id>_asyncRequestId`: the saved request id. */
  public get requestIdReference(): string {
    return `$.FlowAttributes.${this.requestIdAttribute}`;
  }

  public get chainName(): string {
    return `asyncStart "${this.id}"`;
  }

  public get startBlock(): Block {
    return this.start;
  }

  public get endBlocks(): ReadonlyArray<INextable> {
    return [this];
  }

  /** Continue with `target` once the request id is saved. */
  public next(target: IChainable): Chain {
    this.save.next(target);
    return Chain.custom(this.start, target.endBlocks, target);
  }

  /** Where the flow goes when start cannot be invoked (or the id cannot be saved). @default the flow's default error target */
  public onError(target: IChainable): this {
    this.start.onError(target);
    this.save.onError(target);
    return this;
  }

  /** @internal the blocks asyncInvoke continues from. */
  public wireForInvoke(afterSave: IChainable, onFailure: IChainable): void {
    this.save.next(afterSave);
    this.onError(onFailure);
  }
}

/** Start `operation` and continue at once; wait later with `asyncAwait`. */
export function asyncStart(operation: string, options: AsyncStartOptions): AsyncCall {
  return new AsyncCall("asyncStart", operation, options);
}
