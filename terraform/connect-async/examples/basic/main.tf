# A root module calling connect-async. Add an operation with one entry in terraform.tfvars.json;
# `terraform apply` creates its state machine and its config item, and the handlers pick it up
# within half a minute.
terraform {
  required_version = ">= 1.5.0, < 2.0.0"
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 6.0.0, < 7.0.0" }
  }
}

variable "aws_region" { type = string }
variable "connect_instance_id" { type = string }
variable "name_prefix" { type = string }
variable "operations" { type = any }
variable "tags" {
  type    = map(string)
  default = {}
}

provider "aws" {
  region = var.aws_region
}

module "connect_async" {
  source              = "../.."
  connect_instance_id = var.connect_instance_id
  name_prefix         = var.name_prefix
  operations          = var.operations
  tags                = var.tags
}

# What a flow needs: set these in the Invoke AWS Lambda function blocks (or pass them to the team
# that builds the flows).
output "start_function_arn" { value = module.connect_async.start_function_arn }
output "poll_function_arn" { value = module.connect_async.poll_function_arn }
output "state_machine_arns" { value = module.connect_async.state_machine_arns }
