/** Connect `ContactFlowEvent`s for handler tests, shaped like the reference's §4.1 sample. */

export const TEST_CONTACT_ID = "5ca32fbd-8f92-46af-92a5-6b0f970f0efe";

export interface ConnectEventOptions {
  readonly contactId?: string;
  readonly parameters?: Record<string, unknown>;
}

export function connectEvent(options: ConnectEventOptions = {}): Record<string, unknown> {
  return {
    Name: "ContactFlowEvent",
    Details: {
      ContactData: {
        Attributes: {},
        Channel: "VOICE",
        ContactId: options.contactId ?? TEST_CONTACT_ID,
        InitialContactId: options.contactId ?? TEST_CONTACT_ID,
        CustomerEndpoint: { Address: "+15555550123", Type: "TELEPHONE_NUMBER" },
        InitiationMethod: "INBOUND",
        InstanceARN: "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555",
      },
      Parameters: options.parameters ?? {},
    },
  };
}
