/**
 * The CDKTF app: `npm run synth` (connect-async synth, in-process) or `npx cdktf synth|diff|deploy` run it.
 */
import { App } from "cdktf";
import { ContactCentreStack } from "./contact-centre-stack";

const app = new App();
new ContactCentreStack(app, "contact-centre");
app.synth();
