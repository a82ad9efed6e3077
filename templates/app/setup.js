// {{engineTitle}}'s Jest matchers (toHaveResource, toHaveResourceWithProperties, …) for every test.
const { Testing } = require("cdktf");
Testing.setupJest();
