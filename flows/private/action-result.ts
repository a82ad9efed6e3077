export { ActionResult } from "../flow-language";
