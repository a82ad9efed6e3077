/**
 * The {{engineTitle}} app: `npm run synth` (connect-async synth, in-process) or `npx {{engineCli}} synth|diff|deploy` run it.
 */
import { App } from "cdktf";
import { ContactCentreStack } from "./contact-centre-stack";

const app = new App();
new ContactCentreStack(app, "contact-centre");
app.synth();
