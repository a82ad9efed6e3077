// Every test process gets the Node 22 Promise API that aws-local-stepfunctions expects.
import "../../sim/promise-with-resolvers";
