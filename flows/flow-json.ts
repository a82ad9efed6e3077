/**
 * The Amazon Connect flow language (Version 2019-10-30) as plain data: what Connect stores in a
 * flow's `Content`, what the console exports, and what our builder emits.
 *
 * These types are the contract between the builder (which produces them), the validator, layout and
 * Mermaid renderer (which read them), and the simulator (which runs them). They are deliberately
 * loose where real exports are loose (parameters are any JSON), so an exported flow parses as-is.
 *
 * @see ../../shared/reference/connect-flow-language.md §1 and §11
 */

/** The only flow-language version Connect accepts. */
export const FLOW_LANGUAGE_VERSION = "2019-10-30";

/** A value in `Parameters`: the console writes numbers and booleans as strings. */
export type FlowParameterValue = string | number | boolean | null | FlowParameterValue[] | { [key: string]: FlowParameterValue };

/** A condition inside `Transitions.Conditions`. */
export interface FlowCondition {
  readonly Operator: string;
  readonly Operands: ReadonlyArray<string | FlowCondition>;
}

/** One entry of `Transitions.Conditions`: the first that holds wins. */
export interface FlowConditionTransition {
  readonly NextAction: string;
  readonly Condition: FlowCondition;
}

/** One entry of `Transitions.Errors`. */
export interface FlowErrorTransition {
  readonly NextAction: string;
  readonly ErrorType: string;
}

/** Where an action goes next. Terminal actions carry `{}`. */
export interface FlowTransitions {
  readonly NextAction?: string;
  readonly Errors?: ReadonlyArray<FlowErrorTransition>;
  readonly Conditions?: ReadonlyArray<FlowConditionTransition>;
}

/** One action (a block in the designer). */
export interface FlowAction {
  readonly Identifier: string;
  readonly Type: string;
  readonly Parameters: { readonly [key: string]: FlowParameterValue };
  readonly Transitions: FlowTransitions;
}

/** A designer position; the console writes lower-case keys. */
export interface FlowPosition {
  readonly x: number;
  readonly y: number;
}

/** Designer metadata for one action (the console adds more keys; we only rely on `position`). */
export interface FlowActionMetadata {
  readonly position: FlowPosition;
  readonly [key: string]: unknown;
}

/** Top-level designer metadata, console-cased (see reference §9). */
export interface FlowMetadata {
  readonly entryPointPosition?: FlowPosition;
  readonly ActionMetadata?: { readonly [identifier: string]: FlowActionMetadata };
  readonly [key: string]: unknown;
}

/** A whole flow document, as stored in `aws_connect_contact_flow.content`. */
export interface FlowJson {
  readonly Version: string;
  readonly StartAction: string;
  readonly Metadata?: FlowMetadata;
  readonly Actions: ReadonlyArray<FlowAction>;
  /** Flow modules only. */
  readonly Settings?: { readonly [key: string]: unknown };
}

/** How serious a finding of the validator is. */
export type FlowIssueSeverity = "error" | "warning";

/** One finding of the validator, tied to the block at fault when there is one. */
export interface FlowIssue {
  readonly severity: FlowIssueSeverity;
  /** The Identifier of the block at fault, or undefined for a flow-wide problem. */
  readonly blockId?: string;
  /** The block's builder name, when the flow was built here (the validator itself sees only Identifiers). */
  readonly blockName?: string;
  /** A short stable code, e.g. `DANGLING_NEXT_ACTION`, for tests and tooling. */
  readonly code: string;
  /** What is wrong and how to fix it, in a sentence a flow designer can act on. */
  readonly message: string;
}
