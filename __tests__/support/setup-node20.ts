// Every test process gets the Node 22 Promise API that aws-local-stepfunctions expects.
import "../../sim/aws/promise-with-resolvers";
// The AWS SDK's notice that it will require Node 22 is about the Lambdas' runtime, which is nodejs22.x.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
