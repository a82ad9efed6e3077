/**
 * Static parameter values as the console writes them: booleans as `"True"`/`"False"`, enums in the
 * console's casing (reference §1.4, §2).
 */
export const BooleanString = { true: "True", false: "False" } as const;

export const FlowLoggingBehavior = { Enabled: "Enabled", Disabled: "Disabled" } as const;

export const MediaSource = { SourceType: "S3", MediaType: "Audio" } as const;

/** `ResponseValidation.ResponseType` of InvokeLambdaFunction. */
export const LambdaResponseType = { STRING_MAP: "STRING_MAP", JSON: "JSON" } as const;
export type LambdaResponseType = (typeof LambdaResponseType)[keyof typeof LambdaResponseType];

/** `TargetContact` of UpdateContactAttributes. */
export const TargetContact = { Current: "Current", Related: "Related" } as const;
export type TargetContact = (typeof TargetContact)[keyof typeof TargetContact];

/** `TextToSpeechEngine` values seen in exports and docs. */
export const TextToSpeechEngine = { Standard: "Standard", Neural: "Neural", Generative: "Generative" } as const;
export type TextToSpeechEngine = (typeof TextToSpeechEngine)[keyof typeof TextToSpeechEngine];

/** `TextToSpeechStyle` values (the API page misspells Conversational). */
export const TextToSpeechStyle = { None: "None", Conversational: "Conversational", Newscaster: "Newscaster" } as const;
export type TextToSpeechStyle = (typeof TextToSpeechStyle)[keyof typeof TextToSpeechStyle];

/** `InputValidation.PhoneNumberValidation.NumberFormat` of GetParticipantInput. */
export const PhoneNumberFormat = { Local: "Local", E164: "E164" } as const;
export type PhoneNumberFormat = (typeof PhoneNumberFormat)[keyof typeof PhoneNumberFormat];

/** Events a Wait block can be interrupted by (reference §2.8). */
export const WaitEvent = { CustomerReturned: "CustomerReturned", BotParticipantDisconnected: "BotParticipantDisconnected" } as const;
export type WaitEvent = (typeof WaitEvent)[keyof typeof WaitEvent];
