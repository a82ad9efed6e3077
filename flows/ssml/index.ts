export { checkSsml, SsmlProblemKind, type SsmlProblem } from "./ssml-check";
export { findForbiddenCharacter } from "./prompt-characters";
export { mediaUriProblem, promptIdProblem } from "./prompt-location";
export { MAX_BREAK_SECONDS, POLLY_SSML_TAGS } from "./polly-ssml-tags";
export { ssmlText } from "./ssml-text";
