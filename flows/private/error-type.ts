export { ErrorType } from "../flow-language";
