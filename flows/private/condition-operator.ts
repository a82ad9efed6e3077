export { ConditionOperator } from "../flow-language";
