/**
 * Flow types, as the `type` of `aws_connect_contact_flow` / CreateContactFlow names them (reference §1.1).
 * `CONTACT_FLOW` is what the console calls an inbound flow.
 */
export const FlowType = {
  CONTACT_FLOW: "CONTACT_FLOW",
  CUSTOMER_QUEUE: "CUSTOMER_QUEUE",
  CUSTOMER_HOLD: "CUSTOMER_HOLD",
  CUSTOMER_WHISPER: "CUSTOMER_WHISPER",
  AGENT_HOLD: "AGENT_HOLD",
  AGENT_WHISPER: "AGENT_WHISPER",
  OUTBOUND_WHISPER: "OUTBOUND_WHISPER",
  AGENT_TRANSFER: "AGENT_TRANSFER",
  QUEUE_TRANSFER: "QUEUE_TRANSFER",
  CAMPAIGN: "CAMPAIGN",
} as const;
export type FlowType = (typeof FlowType)[keyof typeof FlowType];
