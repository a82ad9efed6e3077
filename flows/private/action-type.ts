// The builder reads the shared flow-language vocabulary; kept as a module so block files import one place.
export { ActionType } from "../flow-language";
