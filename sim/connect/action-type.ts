// The simulator reads the shared flow-language vocabulary.
export { ActionResult, ActionType, ErrorType as FlowErrorType } from "../../flows/flow-language";
