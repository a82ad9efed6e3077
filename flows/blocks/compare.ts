import { Block, type BlockBranches, type BlockParameters, BranchSlot } from "../block";
import { Chain, type IChainable, type INextable } from "../chain";
import { type Condition, isSingleJsonPath, type JsonPath } from "../condition";
import { ActionType } from "../private/action-type";
import { ErrorType } from "../private/error-type";

/** Props of {@link Compare}. */
export interface CompareProps {
  /** The value to test: exactly one `$.` reference, e.g. `$.External.asyncStatus`. */
  readonly comparisonValue: JsonPath;
}

/**
 * Check contact attributes: tests one value against conditions in order; the first that holds wins,
 * else `otherwise()`. Reads as a decision table: `compare.when(Condition.equals("x"), a).otherwise(b)`.
 * Branches: one per `when()`, and `otherwise()` (`NoMatchingCondition`), which must be wired.
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-compare.html
 */
export class Compare extends Block {
  private readonly comparisonValue: string;
  private readonly choices: Array<{ readonly condition: Condition; readonly target: IChainable }> = [];
  private readonly otherwiseSlot = new BranchSlot(this, "otherwise");
  private otherwiseChain: IChainable | undefined;

  constructor(name: string, props: CompareProps) {
    super(name, ActionType.Compare);
    if (typeof props?.comparisonValue !== "string" || !isSingleJsonPath(props.comparisonValue)) {
      this.fail(`comparisonValue must be exactly one $. reference (got ${JSON.stringify(props?.comparisonValue)})`);
    }
    this.comparisonValue = props.comparisonValue;
  }

  /** A Compare does not continue by itself: wire `when()`/`otherwise()`, then use `afterwards()`. */
  public get endBlocks(): ReadonlyArray<INextable> {
    return [];
  }

  /** When `condition` holds (and no earlier one did), continue with `target`. */
  public when(condition: Condition, target: IChainable): this {
    if (condition === undefined || target === undefined) this.fail(`when() needs a condition and a target (got ${String(condition)}, ${String(target)})`);
    this.choices.push({ condition, target });
    return this;
  }

  /** When no condition holds, continue with `target`. */
  public otherwise(target: IChainable): this {
    this.otherwiseSlot.wire(target);
    this.otherwiseChain = target;
    return this;
  }

  /** A chain whose ends are every open end of every branch, so the branches can rejoin. */
  public afterwards(): Chain {
    const branches = [...this.choices.map((choice) => choice.target), ...(this.otherwiseChain ? [this.otherwiseChain] : [])];
    const ends = [...new Set(branches.flatMap((branch) => branch.endBlocks))];
    return Chain.custom(this, ends, this);
  }

  public validateBlock(): string[] {
    return this.choices.length === 0 ? ["has no condition; add one with .when()"] : [];
  }

  public renderParameters(): BlockParameters {
    return { ComparisonValue: this.comparisonValue };
  }

  public branches(): BlockBranches {
    return {
      next: { kind: "sameAsError", errorType: ErrorType.NoMatchingCondition },
      conditions: this.choices.map((choice) => ({
        condition: choice.condition.renderCondition(),
        target: choice.target.startBlock,
        wireWith: ".when()",
      })),
      errors: [{ errorType: ErrorType.NoMatchingCondition, target: this.otherwiseSlot.target, whenUnwired: "required", wireWith: ".otherwise()" }],
    };
  }
}
