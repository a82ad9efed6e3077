// Prints the shipped flows' JSON; the determinism test runs this in fresh processes.
import { projectFlows } from "../../../flows/project-flows";

process.stdout.write(JSON.stringify(projectFlows(), null, 2));
