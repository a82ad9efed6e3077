import { type BlockParameters } from "../block";
import { FallibleLinearBlock } from "../linear-block";
import { ActionType } from "../private/action-type";
import { TargetContact } from "../private/parameter-value";

export { TargetContact } from "../private/parameter-value";

/** Props of {@link UpdateContactAttributes}. */
export interface UpdateContactAttributesProps {
  /**
   * Contact attributes to set, key → value. Keys use letters, digits, `-` and `_`; values are static text
   * or interpolate `$.` references. At least one.
   */
  readonly attributes: { readonly [key: string]: string };
  /** Which contact gets them: `Current` or `Related`. @default left out (the current contact) */
  readonly targetContact?: TargetContact;
}

/**
 * Set contact attributes (destination Current/Related contact): sets attributes that stay on the contact
 * record and are readable as `$.Attributes.<key>`. Branches: next, error (`NoMatchingError`).
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/contact-actions-updatecontactattributes.html
 */
export class UpdateContactAttributes extends FallibleLinearBlock {
  private readonly parameters: BlockParameters;

  constructor(name: string, props: UpdateContactAttributesProps) {
    super(name, ActionType.UpdateContactAttributes);
    const entries = Object.entries(props?.attributes ?? {});
    if (entries.length === 0) this.fail("attributes must set at least one contact attribute");
    for (const [key, value] of entries) {
      if (!/^[A-Za-z0-9_-]+$/.test(key)) this.fail(`attribute keys may use only letters, digits, "-" and "_" (got ${JSON.stringify(key)})`);
      if (typeof value !== "string") this.fail(`attributes.${key} must be a string (got ${JSON.stringify(value)})`);
    }
    if (props.targetContact !== undefined && !Object.values(TargetContact).includes(props.targetContact)) {
      this.fail(`targetContact must be Current or Related (got ${JSON.stringify(props.targetContact)})`);
    }
    this.parameters = {
      Attributes: Object.fromEntries(entries),
      ...(props.targetContact !== undefined ? { TargetContact: props.targetContact } : {}),
    };
  }

  public renderParameters(): BlockParameters {
    return this.parameters;
  }
}
