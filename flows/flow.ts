import type { Block, BlockBranches } from "./block";
import { blockId } from "./block-id";
import type { IChainable } from "./chain";
import type { FlowAction, FlowActionMetadata, FlowConditionTransition, FlowErrorTransition, FlowIssue, FlowJson, FlowMetadata, FlowTransitions } from "./flow-json";
import { FLOW_LANGUAGE_VERSION } from "./flow-json";
import { FlowValidationError, nameBlocksInIssues } from "./flow-validation-error";
import { layoutFlow } from "./layout";
import { blockNameMetadata } from "./diagram/block-name-metadata";
import { validateFlow } from "./validate";

/** Options of the validator that runs on every build. */
export type FlowValidationOptions = NonNullable<Parameters<typeof validateFlow>[1]>;

/** Props of {@link Flow}. */
export interface FlowProps {
  /** The flow's name; with each block's name it determines every block Identifier, so treat it as API. */
  readonly name: string;
  /** The first block, or a chain that starts with it. */
  readonly startWith: IChainable;
  /**
   * Where every error branch the author left unwired goes (`NoMatchingError`, `QueueAtCapacity`,
   * `InputTimeLimitExceeded` …). Conditions, `otherwise()` and `next()` are never defaulted.
   * @default none: an unwired error branch fails the build, naming the block
   */
  readonly defaultErrorTarget?: IChainable;
  /** A description kept in the designer metadata. @default left out */
  readonly description?: string;
  /** Options for the validator that runs on every build. @default the validator's defaults */
  readonly validation?: FlowValidationOptions;
}

/** Builder-level issue codes (the validator has its own). */
const BuilderIssueCode = {
  BLOCK_NAME_DUPLICATE: "BLOCK_NAME_DUPLICATE",
  BRANCH_UNWIRED: "BRANCH_UNWIRED",
  BLOCK_INCOMPLETE: "BLOCK_INCOMPLETE",
} as const;

/** One block's transitions with every target resolved to a block. */
interface ResolvedTransitions {
  readonly next?: Block;
  readonly conditions: ReadonlyArray<{ readonly condition: FlowConditionTransition["Condition"]; readonly target: Block }>;
  readonly errors: ReadonlyArray<{ readonly errorType: string; readonly target: Block }>;
}

/**
 * A contact flow: the graph reachable from `startWith`, rendered to flow-language JSON.
 *
 * `toJson()` walks the graph breadth-first from the start (per block: NextAction, then conditions, then
 * errors, in the order the block reports them), so `Actions` come out in a stable order. It rejects
 * duplicate block names and unwired branches (all of them at once, each naming its block), derives each
 * Identifier from the flow and block names, adds designer positions from the automatic layout, runs the
 * validator, and throws {@link FlowValidationError} if any issue is an error.
 */
export class Flow {
  public readonly name: string;

  constructor(private readonly props: FlowProps) {
    if (typeof props?.name !== "string" || props.name.trim().length === 0) throw new Error(`Flow: a flow needs a non-empty name (got ${JSON.stringify(props?.name)})`);
    if (props.startWith === undefined) throw new Error(`Flow "${props.name}": startWith is required`);
    this.name = props.name;
  }

  /** The Identifier a block gets in this flow. */
  public identifierOf(block: Block): string {
    return blockId(this.name, block.name);
  }

  /** The blocks of the flow in `Actions` order (breadth-first from the start). */
  public blocks(): ReadonlyArray<Block> {
    return this.walk().order;
  }

  /**
   * Identifier → block name, for tools that show the flow to people (diagrams). The JSON carries the same
   * names in its designer metadata (flows/diagram/block-name-metadata.ts), which Connect stores as given.
   */
  public blockNames(): ReadonlyMap<string, string> {
    return this.blockNamesOf(this.blocks());
  }

  private blockNamesOf(blocks: ReadonlyArray<Block>): ReadonlyMap<string, string> {
    return new Map(blocks.map((block) => [this.identifierOf(block), block.name]));
  }

  /** The flow as flow-language JSON, laid out and validated. */
  public toJson(): FlowJson {
    const { order, resolved, issues } = this.walk();
    if (issues.length > 0) throw new FlowValidationError(nameBlocksInIssues(issues, this.blockNamesOf(order)), this.name);

    const actions = order.map((block) => this.renderAction(block, resolved.get(block)!));
    const unlaidOut: FlowJson = { Version: FLOW_LANGUAGE_VERSION, StartAction: this.identifierOf(this.props.startWith.startBlock), Actions: actions };
    const json: FlowJson = {
      Version: unlaidOut.Version,
      StartAction: unlaidOut.StartAction,
      Metadata: this.renderMetadata(unlaidOut, order),
      Actions: actions,
    };
    const found = validateFlow(json, this.props.validation);
    if (found.some((issue) => issue.severity === "error")) throw new FlowValidationError(nameBlocksInIssues(found, this.blockNamesOf(order)), this.name);
    return json;
  }

  private walk(): { order: Block[]; resolved: Map<Block, ResolvedTransitions>; issues: FlowIssue[] } {
    const order: Block[] = [];
    const byName = new Map<string, Block>();
    const resolved = new Map<Block, ResolvedTransitions>();
    const issues: FlowIssue[] = [];
    const reported = new Set<string>();
    const defaultError = this.props.defaultErrorTarget?.startBlock;

    const enqueue = (block: Block): void => {
      const known = byName.get(block.name);
      if (known === block) return;
      if (known !== undefined) {
        const key = `${block.name}`;
        if (!reported.has(key)) {
          reported.add(key);
          issues.push({
            severity: "error",
            blockId: this.identifierOf(block),
            code: BuilderIssueCode.BLOCK_NAME_DUPLICATE,
            message: `two different blocks are named "${block.name}" (${known.label} and ${block.label}); block names must be unique in flow "${this.name}"`,
          });
        }
        return;
      }
      byName.set(block.name, block);
      order.push(block);
    };

    enqueue(this.props.startWith.startBlock);
    for (let index = 0; index < order.length; index++) {
      const block = order[index]!;
      for (const problem of block.validateBlock()) issues.push(this.issue(block, BuilderIssueCode.BLOCK_INCOMPLETE, `${block.label} ${problem}`));
      const transitions = this.resolve(block, block.branches(), defaultError, issues);
      resolved.set(block, transitions);
      if (transitions.next !== undefined) enqueue(transitions.next);
      for (const condition of transitions.conditions) enqueue(condition.target);
      for (const error of transitions.errors) enqueue(error.target);
    }
    return { order, resolved, issues };
  }

  private resolve(block: Block, branches: BlockBranches, defaultError: Block | undefined, issues: FlowIssue[]): ResolvedTransitions {
    const errors: Array<{ errorType: string; target: Block }> = [];
    for (const error of branches.errors ?? []) {
      if (error.target !== undefined) {
        errors.push({ errorType: error.errorType, target: error.target });
      } else if (error.whenUnwired === "default" && defaultError !== undefined) {
        errors.push({ errorType: error.errorType, target: defaultError });
      } else if (error.whenUnwired !== "omit") {
        const remedy = error.whenUnwired === "default" ? `wire it with ${error.wireWith} or give the flow a defaultErrorTarget` : `wire it with ${error.wireWith}`;
        issues.push(this.issue(block, BuilderIssueCode.BRANCH_UNWIRED, `${block.label}: the ${error.errorType} branch is not wired; ${remedy}`));
      }
    }
    const conditions: Array<{ condition: FlowConditionTransition["Condition"]; target: Block }> = [];
    for (const condition of branches.conditions ?? []) {
      if (condition.target === undefined) {
        const operands = condition.condition.Operands.map((operand) => JSON.stringify(operand)).join(", ");
        issues.push(this.issue(block, BuilderIssueCode.BRANCH_UNWIRED, `${block.label}: the ${condition.condition.Operator} ${operands} branch is not wired; wire it with ${condition.wireWith}`));
      } else {
        conditions.push({ condition: condition.condition, target: condition.target });
      }
    }
    let next: Block | undefined;
    const nextBranch = branches.next;
    if (nextBranch?.kind === "block") {
      next = nextBranch.target;
      const unwiredConditions = (branches.conditions ?? []).filter((condition) => condition.target === undefined);
      const reportedAlready = unwiredConditions.some((condition) => condition.wireWith === nextBranch.wireWith);
      if (next === undefined && !reportedAlready) {
        issues.push(this.issue(block, BuilderIssueCode.BRANCH_UNWIRED, `${block.label}: has no next block; wire it with ${nextBranch.wireWith}`));
      }
    } else if (nextBranch?.kind === "sameAsError") {
      next = errors.find((error) => error.errorType === nextBranch.errorType)?.target;
    }
    return { ...(next !== undefined ? { next } : {}), conditions, errors };
  }

  private issue(block: Block, code: string, message: string): FlowIssue {
    return { severity: "error", blockId: this.identifierOf(block), code, message };
  }

  private renderAction(block: Block, transitions: ResolvedTransitions): FlowAction {
    const id = (target: Block): string => this.identifierOf(target);
    const rendered: { NextAction?: string; Errors?: FlowErrorTransition[]; Conditions?: FlowConditionTransition[] } = {};
    if (transitions.next !== undefined) rendered.NextAction = id(transitions.next);
    if (transitions.errors.length > 0) rendered.Errors = transitions.errors.map((error) => ({ NextAction: id(error.target), ErrorType: error.errorType }));
    if (transitions.conditions.length > 0) {
      rendered.Conditions = transitions.conditions.map((condition) => ({ NextAction: id(condition.target), Condition: condition.condition }));
    }
    const transitionsJson: FlowTransitions = rendered;
    return { Identifier: id(block), Type: block.actionType, Parameters: block.renderParameters(), Transitions: transitionsJson };
  }

  private renderMetadata(flow: FlowJson, order: ReadonlyArray<Block>): FlowMetadata {
    const layout = layoutFlow(flow);
    const actionMetadata: { [id: string]: FlowActionMetadata } = {};
    for (const block of order) {
      const id = this.identifierOf(block);
      const laidOut = layout.ActionMetadata?.[id];
      if (laidOut === undefined) throw new Error(`Flow "${this.name}": the layout gave no position for ${block.label}`);
      actionMetadata[id] = { ...laidOut, ...(block.renderMetadata() ?? {}), ...blockNameMetadata(block.name) };
    }
    return {
      ...(layout.entryPointPosition !== undefined ? { entryPointPosition: layout.entryPointPosition } : {}),
      ActionMetadata: actionMetadata,
      name: this.name,
      ...(this.props.description !== undefined ? { description: this.props.description } : {}),
    };
  }
}
