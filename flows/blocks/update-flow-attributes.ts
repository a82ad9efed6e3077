import { type BlockParameters } from "../block";
import { FallibleLinearBlock } from "../linear-block";
import { ActionType } from "../private/action-type";

/** Props of {@link UpdateFlowAttributes}. */
export interface UpdateFlowAttributesProps {
  /**
   * Flow attributes to set, name → value. Values are static text or interpolate `$.` references, e.g.
   * `{ requestId: "$.External.asyncRequestId" }`. At least one.
   */
  readonly attributes: { readonly [name: string]: string };
}

/**
 * Set contact attributes (destination Flow): sets flow-scoped attributes, readable as
 * `$.FlowAttributes.<name>` for the rest of this flow. All or none are set.
 * Branches: next, error (`NoMatchingError`).
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-updateflowattributes.html
 */
export class UpdateFlowAttributes extends FallibleLinearBlock {
  private readonly parameters: BlockParameters;

  constructor(name: string, props: UpdateFlowAttributesProps) {
    super(name, ActionType.UpdateFlowAttributes);
    const entries = Object.entries(props?.attributes ?? {});
    if (entries.length === 0) this.fail("attributes must set at least one flow attribute");
    for (const [key, value] of entries) {
      if (key.length === 0) this.fail("attribute names must not be empty");
      if (typeof value !== "string") this.fail(`attributes.${key} must be a string (got ${JSON.stringify(value)})`);
    }
    // fromEntries, not assignment: an attribute named "__proto__" must stay an attribute, not become the prototype.
    const flowAttributes: { [name: string]: { Value: string } } = Object.fromEntries(entries.map(([key, value]) => [key, { Value: value as string }]));
    this.parameters = { FlowAttributes: flowAttributes };
  }

  public renderParameters(): BlockParameters {
    return this.parameters;
  }
}
