import type { FlowCondition, FlowParameterValue } from "./flow-json";
import { isSingleJsonPath } from "./condition";

/**
 * Something a flow can continue into: one block or a chain of blocks (chain.ts). Declared with the block
 * it starts at, so the block and the chain each import one way: chain.ts and linear-block.ts import this
 * file, which imports neither.
 */
export interface IChainable {
  /** How messages name it. */
  readonly chainName: string;
  /** The block that runs first. */
  readonly startBlock: Block;
  /** The blocks a following `next()` continues from; empty when it does not continue. */
  readonly endBlocks: ReadonlyArray<INextable>;
}

/** Something that can be continued with `next()`; blocks and chains return a `Chain` (chain.ts). */
export interface INextable {
  next(target: IChainable): IChainable & INextable;
}

/** The `Parameters` object of one action. */
export type BlockParameters = { readonly [key: string]: FlowParameterValue };

/** Where a NextAction leads, as a block reports it to the flow that renders it. */
export type NextBranch =
  /** A block the author wires (undefined until wired). */
  | { readonly kind: "block"; readonly target: Block | undefined; readonly wireWith: string }
  /** The same block as an error branch (exports set NextAction so on transfers, Compare, Wait …). */
  | { readonly kind: "sameAsError"; readonly errorType: string };

/** One `Transitions.Conditions` entry before Identifiers are known. */
export interface ConditionBranch {
  readonly condition: FlowCondition;
  /** The block the condition leads to; undefined while unwired. */
  readonly target: Block | undefined;
  /** The method that wires it, for messages, e.g. `.eachTurn()`. */
  readonly wireWith: string;
}

/** One `Transitions.Errors` entry before Identifiers are known. */
export interface ErrorBranch {
  readonly errorType: string;
  /** The block the error leads to; undefined while unwired. */
  readonly target: Block | undefined;
  /**
   * What happens when it is unwired: `default` sends it to the flow's default error target (and fails
   * the build without one), `required` fails the build, `omit` leaves the branch out.
   */
  readonly whenUnwired: "default" | "required" | "omit";
  /** The method that wires it, for messages, e.g. `.onError()`. */
  readonly wireWith: string;
}

/** Every branch a block can take. A terminal block returns `{}`. */
export interface BlockBranches {
  readonly next?: NextBranch;
  readonly conditions?: ReadonlyArray<ConditionBranch>;
  readonly errors?: ReadonlyArray<ErrorBranch>;
}

/**
 * One branch target of a block, set at most once. Wiring a branch twice throws and names the block,
 * the branch and the block it already leads to.
 */
export class BranchSlot {
  private wired: Block | undefined;

  constructor(
    private readonly owner: Block,
    private readonly branch: string,
  ) {}

  /** The block the branch leads to, or undefined while unwired. */
  public get target(): Block | undefined {
    return this.wired;
  }

  public wire(target: IChainable): void {
    if (this.wired !== undefined) {
      throw new Error(`${this.owner.label}: the ${this.branch} branch already leads to ${this.wired.label}; it cannot also lead to ${target.startBlock.label}`);
    }
    this.wired = target.startBlock;
  }
}

/**
 * A block of a contact flow: one flow-language action. Subclasses (one per action type, in `blocks/`)
 * check their props at once, render their `Parameters`, and report their branches; the flow turns the
 * branches into `Transitions` once every block's Identifier is known.
 */
export abstract class Block implements IChainable {
  /** The block's name: unique in its flow; with the flow's name it determines the Identifier. */
  public readonly name: string;
  /** The flow-language action `Type`. */
  public readonly actionType: string;

  protected constructor(name: string, actionType: string) {
    if (typeof name !== "string" || name.trim().length === 0) {
      throw new Error(`${actionType}: a block needs a non-empty name (got ${JSON.stringify(name)})`);
    }
    if (name !== name.trim() || /[\u0000-\u001f]/.test(name)) {
      throw new Error(`${actionType} ${JSON.stringify(name)}: a block name must not start or end with spaces or contain control characters`);
    }
    this.name = name;
    this.actionType = actionType;
  }

  /** `InvokeLambdaFunction "Fetch balance"`: how every message names this block. */
  public get label(): string {
    return `${this.actionType} "${this.name}"`;
  }

  public get chainName(): string {
    return this.label;
  }

  public get startBlock(): Block {
    return this;
  }

  /** The blocks a following `next()` continues from; empty for blocks that do not continue. */
  public abstract get endBlocks(): ReadonlyArray<INextable>;

  /** The action's `Parameters`. */
  public abstract renderParameters(): BlockParameters;

  /** Every branch the block can take, wired or not. */
  public abstract branches(): BlockBranches;

  /** Whole-block problems found at render time (e.g. a Compare without conditions), one sentence each. */
  public validateBlock(): string[] {
    return [];
  }

  /** Designer extras for `Metadata.ActionMetadata[id]` besides `position`. @default none */
  public renderMetadata(): { readonly [key: string]: unknown } | undefined {
    return undefined;
  }

  public toString(): string {
    return this.label;
  }

  /** Throws an argument error that names this block. */
  protected fail(message: string): never {
    throw new Error(`${this.label}: ${message}`);
  }

  /** An integer prop in [min, max], rendered as the console does (a string). */
  protected integerParameter(prop: string, value: number, min: number, max: number): string {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(`${prop} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
    }
    return String(value);
  }

  /** A non-empty string prop. */
  protected nonEmptyParameter(prop: string, value: string): string {
    if (typeof value !== "string" || value.length === 0) this.fail(`${prop} must be a non-empty string (got ${JSON.stringify(value)})`);
    return value;
  }

  /** A static value, or exactly one whole `$.` reference (reference §1.4, "S|1P"). */
  protected staticOrSingleReferenceParameter(prop: string, value: string): string {
    this.nonEmptyParameter(prop, value);
    if ((value.includes("$.") || value.startsWith("$[")) && !isSingleJsonPath(value)) {
      this.fail(`${prop} must be a static value or exactly one $. reference, not text around a reference (got ${JSON.stringify(value)})`);
    }
    return value;
  }

  /** A static value: no `$.` reference anywhere. */
  protected staticParameter(prop: string, value: string): string {
    this.nonEmptyParameter(prop, value);
    if (value.includes("$.") || value.startsWith("$[")) this.fail(`${prop} must be static; it cannot contain a $. reference (got ${JSON.stringify(value)})`);
    return value;
  }
}

/** A block that ends the flow: no ends, so chaining after it throws. */
export abstract class TerminalBlock extends Block {
  public get endBlocks(): ReadonlyArray<INextable> {
    return [];
  }

  public renderParameters(): BlockParameters {
    return {};
  }

  public branches(): BlockBranches {
    return {};
  }
}
