import { Block, type BlockBranches, type BlockParameters, BranchSlot, type ConditionBranch } from "../block";
import { Chain, type IChainable, type INextable } from "../chain";
import { ActionType } from "../private/action-type";
import { ConditionOperator } from "../private/condition-operator";
import { ErrorType } from "../private/error-type";
import { BooleanString, PhoneNumberFormat } from "../private/parameter-value";
import { type PromptSource, renderPromptSource } from "./message-participant";
import { errorBranch } from "./branch-entries";

/** How stored input is validated: at most `maxLength` digits, or a phone number. */
export type StoreInputOptions =
  | {
      /** The most digits the caller may enter (1–20). */
      readonly maxLength: number;
      readonly phoneNumber?: never;
    }
  | {
      /** Validate a phone number: E.164, or local to `countryCode` (e.g. `US`). */
      readonly phoneNumber: { readonly format: "E164" } | { readonly format: "Local"; readonly countryCode: string };
      readonly maxLength?: never;
    };

/** Props of {@link GetParticipantInput}. */
export interface GetParticipantInputProps {
  /** What to play before listening: `{ text }`, `{ ssml }`, `{ promptId }` or `{ s3Uri }`. */
  readonly prompt: PromptSource;
  /** Seconds to wait for the first digit (1–180). @default 5 */
  readonly inputTimeLimitSeconds?: number;
  /**
   * Store the digits in `$.StoredCustomerInput` instead of branching on one digit. The block then
   * continues with `next()` and takes no `when()` branches.
   * @default a one-digit menu: branch with `when(digit, …)`
   */
  readonly storeInput?: StoreInputOptions;
  /** Digits that end stored input, e.g. `#` (at most 5). @default left out */
  readonly terminationSequence?: string;
}

const DTMF_DIGIT = /^[0-9*#]$/;

/**
 * Get customer input (DTMF). As a menu it branches on the digit pressed: `when("1", …)`, `otherwise()`
 * (`NoMatchingCondition`, required), `onTimeout()` (`InputTimeLimitExceeded`), `onError()`
 * (`NoMatchingError`). With `storeInput` it stores the digits and continues with `next()`; branches
 * `onError()` and, with phone validation, `onInvalidPhoneNumber()`. NextAction of a menu is the
 * `otherwise()` target, as the console writes it.
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/participant-actions-getparticipantinput.html
 */
export class GetParticipantInput extends Block implements INextable {
  private readonly parameters: BlockParameters;
  private readonly storesInput: boolean;
  private readonly validatesPhoneNumber: boolean;
  private readonly digits: Array<{ readonly digit: string; readonly target: IChainable }> = [];
  private readonly nextSlot = new BranchSlot(this, "next");
  private readonly otherwiseSlot = new BranchSlot(this, ErrorType.NoMatchingCondition);
  private readonly timeoutSlot = new BranchSlot(this, ErrorType.InputTimeLimitExceeded);
  private readonly invalidPhoneSlot = new BranchSlot(this, ErrorType.InvalidPhoneNumber);
  private readonly errorSlot = new BranchSlot(this, ErrorType.NoMatchingError);

  constructor(name: string, props: GetParticipantInputProps) {
    super(name, ActionType.GetParticipantInput);
    const prompt = renderPromptSource(this.label, props?.prompt);
    const timeLimit = this.integerParameter("inputTimeLimitSeconds", props.inputTimeLimitSeconds ?? 5, 1, 180);
    const store = props.storeInput;
    this.storesInput = store !== undefined;
    this.validatesPhoneNumber = store?.phoneNumber !== undefined;
    if (props.terminationSequence !== undefined && !/^[0-9*#]{1,5}$/.test(props.terminationSequence)) {
      this.fail(`terminationSequence must be 1–5 of 0-9, * and # (got ${JSON.stringify(props.terminationSequence)})`);
    }
    this.parameters = {
      ...prompt,
      InputTimeLimitSeconds: timeLimit,
      StoreInput: this.storesInput ? BooleanString.true : BooleanString.false,
      ...(store !== undefined ? { InputValidation: this.renderInputValidation(store) } : {}),
      ...(props.terminationSequence !== undefined ? { DTMFConfiguration: { InputTerminationSequence: props.terminationSequence } } : {}),
    };
  }

  /** A stored-input block continues from itself; a menu continues only through its branches. */
  public get endBlocks(): ReadonlyArray<INextable> {
    return this.storesInput ? [this] : [];
  }

  /** Stored input only: continue with `target`. */
  public next(target: IChainable): Chain {
    if (!this.storesInput) this.fail("next() needs storeInput; a menu continues through when()/otherwise()");
    this.nextSlot.wire(target);
    return Chain.sequence(this, target);
  }

  /** Menu only: when the caller presses `digit` (0-9, * or #), continue with `target`. */
  public when(digit: string, target: IChainable): this {
    if (this.storesInput) this.fail(`when(${JSON.stringify(digit)}) needs a menu; this block stores its input`);
    if (typeof digit !== "string" || !DTMF_DIGIT.test(digit)) this.fail(`when() needs one digit 0-9, * or # (got ${JSON.stringify(digit)})`);
    if (this.digits.some((entry) => entry.digit === digit)) this.fail(`digit ${JSON.stringify(digit)} already has a branch`);
    this.digits.push({ digit, target });
    return this;
  }

  /** Menu only: when the digit has no branch, continue with `target`. */
  public otherwise(target: IChainable): this {
    if (this.storesInput) this.fail("otherwise() needs a menu; this block stores its input");
    this.otherwiseSlot.wire(target);
    return this;
  }

  /** Menu only: when nothing is pressed in time. @default the flow's default error target */
  public onTimeout(target: IChainable): this {
    if (this.storesInput) this.fail("onTimeout() needs a menu; this block stores its input");
    this.timeoutSlot.wire(target);
    return this;
  }

  /** Phone validation only: when the number is not valid. @default the flow's default error target */
  public onInvalidPhoneNumber(target: IChainable): this {
    if (!this.validatesPhoneNumber) this.fail("onInvalidPhoneNumber() needs storeInput.phoneNumber");
    this.invalidPhoneSlot.wire(target);
    return this;
  }

  /** When the block fails. @default the flow's default error target */
  public onError(target: IChainable): this {
    this.errorSlot.wire(target);
    return this;
  }

  public validateBlock(): string[] {
    return !this.storesInput && this.digits.length === 0 ? ['has no digit branch; add one with .when("1", …)'] : [];
  }

  public renderParameters(): BlockParameters {
    return this.parameters;
  }

  public branches(): BlockBranches {
    const error = errorBranch(ErrorType.NoMatchingError, this.errorSlot, "default", ".onError()");
    if (this.storesInput) {
      return {
        next: { kind: "block", target: this.nextSlot.target, wireWith: ".next()" },
        errors: [
          ...(this.validatesPhoneNumber
            ? [errorBranch(ErrorType.InvalidPhoneNumber, this.invalidPhoneSlot, "default", ".onInvalidPhoneNumber()")]
            : []),
          error,
        ],
      };
    }
    const conditions: ConditionBranch[] = this.digits.map((entry) => ({
      condition: { Operator: ConditionOperator.Equals, Operands: [entry.digit] },
      target: entry.target.startBlock,
      wireWith: ".when()",
    }));
    return {
      next: { kind: "sameAsError", errorType: ErrorType.NoMatchingCondition },
      conditions,
      errors: [
        errorBranch(ErrorType.InputTimeLimitExceeded, this.timeoutSlot, "default", ".onTimeout()"),
        errorBranch(ErrorType.NoMatchingCondition, this.otherwiseSlot, "required", ".otherwise()"),
        error,
      ],
    };
  }

  private renderInputValidation(store: StoreInputOptions): BlockParameters {
    if (store.phoneNumber !== undefined) {
      const format = store.phoneNumber.format;
      if (format === PhoneNumberFormat.E164) return { PhoneNumberValidation: { NumberFormat: PhoneNumberFormat.E164 } };
      if (format === PhoneNumberFormat.Local) {
        const countryCode = this.nonEmptyParameter("storeInput.phoneNumber.countryCode", store.phoneNumber.countryCode);
        return { PhoneNumberValidation: { NumberFormat: PhoneNumberFormat.Local, CountryCode: countryCode } };
      }
      this.fail(`storeInput.phoneNumber.format must be E164 or Local (got ${JSON.stringify(format)})`);
    }
    return { CustomValidation: { MaximumLength: this.integerParameter("storeInput.maxLength", store.maxLength, 1, 20) } };
  }
}
