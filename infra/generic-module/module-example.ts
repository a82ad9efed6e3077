/**
 * The generic module's example: a root module that calls it (the caller owns the provider and the
 * backend) and a tfvars file with two operations, one drop-in with a cache key and one running two
 * Lambdas in parallel. __tests__/generic-module renders the module's outputs for exactly this file.
 */
export const EXAMPLE_DIR = "examples/basic";
export const EXAMPLE_MAIN_FILE = "main.tf";
export const EXAMPLE_TFVARS_FILE = "terraform.tfvars.json";

/** The example's tfvars: what a platform team edits to add or change an operation. */
export const EXAMPLE_TFVARS = {
  aws_region: "eu-west-2",
  connect_instance_id: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  name_prefix: "acme-ivr",
  operations: {
    balance: {
      target: "arn:aws:lambda:eu-west-2:123456789012:function:account-balance",
      timeout_seconds: 30,
      inputs: ["accountId"],
      cache_key: ["accountId"],
      cache_ttl_seconds: 300,
    },
    "profile-and-orders": {
      targets: ["arn:aws:lambda:eu-west-2:123456789012:function:customer-profile", "arn:aws:lambda:eu-west-2:123456789012:function:recent-orders"],
      mode: "parallel",
      timeout_seconds: 20,
      poll_wait_ms: 1000,
    },
  },
  tags: { team: "contact-centre" },
} as const;

/** The root module (HCL). */
export function renderExampleMain(): string {
  return [
    "# A root module calling connect-async. Add an operation with one entry in terraform.tfvars.json;",
    "# `terraform apply` creates its state machine and its config item, and the handlers pick it up",
    "# within half a minute.",
    "terraform {",
    '  required_version = ">= 1.5.0, < 2.0.0"',
    "  required_providers {",
    '    aws = { source = "hashicorp/aws", version = ">= 6.0.0, < 7.0.0" }',
    "  }",
    "}",
    "",
    'variable "aws_region" { type = string }',
    'variable "connect_instance_id" { type = string }',
    'variable "name_prefix" { type = string }',
    'variable "operations" { type = any }',
    'variable "tags" {',
    "  type    = map(string)",
    "  default = {}",
    "}",
    "",
    'provider "aws" {',
    "  region = var.aws_region",
    "}",
    "",
    'module "connect_async" {',
    '  source              = "../.."',
    "  connect_instance_id = var.connect_instance_id",
    "  name_prefix         = var.name_prefix",
    "  operations          = var.operations",
    "  tags                = var.tags",
    "}",
    "",
    "# What a flow needs: set these in the Invoke AWS Lambda function blocks (or pass them to the team",
    "# that builds the flows).",
    'output "start_function_arn" { value = module.connect_async.start_function_arn }',
    'output "poll_function_arn" { value = module.connect_async.poll_function_arn }',
    'output "state_machine_arns" { value = module.connect_async.state_machine_arns }',
    "",
  ].join("\n");
}
