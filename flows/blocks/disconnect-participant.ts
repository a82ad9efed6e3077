import { TerminalBlock } from "../block";
import { ActionType } from "../private/action-type";

/**
 * Disconnect / hang up: ends the contact. Terminal: it has no branches, and chaining after it throws.
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/participant-actions-disconnectparticipant.html
 */
export class DisconnectParticipant extends TerminalBlock {
  constructor(name: string) {
    super(name, ActionType.DisconnectParticipant);
  }
}
