import type { FlowParameterValue } from "../flow-json";
import { Block, type BlockBranches, type BlockParameters, BranchSlot } from "../block";
import { Chain, type IChainable, type INextable } from "../chain";
import type { Condition } from "../condition";
import { ErrorType } from "../private/error-type";
import { errorBranch } from "./branch-entries";

/** Props of {@link CustomAction}. */
export interface CustomActionProps {
  /** The flow-language action `Type`, e.g. `TagContact`. */
  readonly type: string;
  /** The action's `Parameters`, written as given (use strings for numbers and booleans). @default `{}` */
  readonly parameters?: { readonly [key: string]: FlowParameterValue };
  /** The `ErrorType`s the action can take; each must be wired or go to the flow's default error target. @default `["NoMatchingError"]` */
  readonly errorTypes?: ReadonlyArray<string>;
  /** The action ends the flow: `Transitions: {}`, no ends. @default false */
  readonly terminal?: boolean;
}

/**
 * Any other action type, written as given: the escape hatch for actions the builder does not model.
 * Branches: `next()` (unless terminal), `when()` conditions, one `onErrorType()` per error type
 * (`onError()` is `NoMatchingError`). No checks beyond the shape: the validator still runs.
 */
export class CustomAction extends Block implements INextable {
  private readonly parameters: BlockParameters;
  private readonly terminal: boolean;
  private readonly nextSlot = new BranchSlot(this, "next");
  private readonly errorSlots = new Map<string, BranchSlot>();
  private readonly choices: Array<{ readonly condition: Condition; readonly target: IChainable }> = [];

  constructor(name: string, props: CustomActionProps) {
    super(name, typeof props?.type === "string" && props.type.length > 0 ? props.type : "CustomAction");
    if (typeof props?.type !== "string" || !/^[A-Za-z]+$/.test(props.type)) this.fail(`type must be an action type name (got ${JSON.stringify(props?.type)})`);
    this.parameters = { ...(props.parameters ?? {}) };
    this.terminal = props.terminal ?? false;
    const errorTypes = props.errorTypes ?? (this.terminal ? [] : [ErrorType.NoMatchingError]);
    for (const errorType of errorTypes) {
      if (this.errorSlots.has(errorType)) this.fail(`errorTypes lists ${JSON.stringify(errorType)} twice`);
      this.errorSlots.set(errorType, new BranchSlot(this, errorType));
    }
  }

  public get endBlocks(): ReadonlyArray<INextable> {
    return this.terminal ? [] : [this];
  }

  /** Continue with `target`. */
  public next(target: IChainable): Chain {
    if (this.terminal) this.fail(`is terminal; ${target.chainName} cannot follow it`);
    this.nextSlot.wire(target);
    return Chain.sequence(this, target);
  }

  /** When `condition` holds on the action's result, continue with `target`. */
  public when(condition: Condition, target: IChainable): this {
    this.choices.push({ condition, target });
    return this;
  }

  /** Where `NoMatchingError` leads. @default the flow's default error target */
  public onError(target: IChainable): this {
    return this.onErrorType(ErrorType.NoMatchingError, target);
  }

  /** Where the error type `errorType` (listed in `errorTypes`) leads. @default the flow's default error target */
  public onErrorType(errorType: string, target: IChainable): this {
    const slot = this.errorSlots.get(errorType);
    if (slot === undefined) this.fail(`onErrorType(${JSON.stringify(errorType)}) needs it in props.errorTypes (has ${[...this.errorSlots.keys()].join(", ") || "none"})`);
    slot.wire(target);
    return this;
  }

  public renderParameters(): BlockParameters {
    return this.parameters;
  }

  public branches(): BlockBranches {
    if (this.terminal && this.choices.length === 0 && this.errorSlots.size === 0) return {};
    return {
      ...(this.terminal ? {} : { next: { kind: "block" as const, target: this.nextSlot.target, wireWith: ".next()" } }),
      conditions: this.choices.map((choice) => ({ condition: choice.condition.renderCondition(), target: choice.target.startBlock, wireWith: ".when()" })),
      errors: [...this.errorSlots].map(([errorType, slot]) => errorBranch(errorType, slot, "default", `.onErrorType("${errorType}")`)),
    };
  }
}
