import { type BlockParameters } from "../block";
import { FallibleLinearBlock } from "../linear-block";
import { ActionType } from "../private/action-type";
import { TextToSpeechEngine, TextToSpeechStyle } from "../private/parameter-value";

export { TextToSpeechEngine, TextToSpeechStyle } from "../private/parameter-value";

/** Props of {@link UpdateContactTextToSpeechVoice}. */
export interface UpdateContactTextToSpeechVoiceProps {
  /** The Amazon Polly voice, e.g. `Joanna`; static or a `$.` reference. */
  readonly voice: string;
  /** The engine: `Standard`, `Neural` or `Generative`. @default left out (the voice's default engine) */
  readonly engine?: TextToSpeechEngine;
  /** The speaking style: `None`, `Conversational` or `Newscaster`. @default left out (no style) */
  readonly style?: TextToSpeechStyle;
}

/**
 * Set voice: chooses the text-to-speech voice for the rest of the contact. Fails on an invalid
 * voice/engine pair. Branches: next, error (`NoMatchingError`).
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/contact-actions-updatecontacttexttospeechvoice.html
 */
export class UpdateContactTextToSpeechVoice extends FallibleLinearBlock {
  private readonly parameters: BlockParameters;

  constructor(name: string, props: UpdateContactTextToSpeechVoiceProps) {
    super(name, ActionType.UpdateContactTextToSpeechVoice);
    const voice = this.nonEmptyParameter("voice", props?.voice);
    if (props.engine !== undefined && !Object.values(TextToSpeechEngine).includes(props.engine)) {
      this.fail(`engine must be one of ${Object.values(TextToSpeechEngine).join(", ")} (got ${JSON.stringify(props.engine)})`);
    }
    if (props.style !== undefined && !Object.values(TextToSpeechStyle).includes(props.style)) {
      this.fail(`style must be one of ${Object.values(TextToSpeechStyle).join(", ")} (got ${JSON.stringify(props.style)})`);
    }
    this.parameters = {
      TextToSpeechVoice: voice,
      ...(props.engine !== undefined ? { TextToSpeechEngine: props.engine } : {}),
      ...(props.style !== undefined ? { TextToSpeechStyle: props.style } : {}),
    };
  }

  public renderParameters(): BlockParameters {
    return this.parameters;
  }
}
