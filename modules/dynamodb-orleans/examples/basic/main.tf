# Basic use of the module; the plan tests plan this root.
# Every input is passed through so tests can vary it.

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "orleans-aws-infra"
      Example   = "dynamodb-orleans-basic"
      ManagedBy = "terraform"
    }
  }
}

module "dynamodb_orleans" {
  source = "../.."

  name_prefix                    = var.name_prefix
  table_names                    = var.table_names
  create_orleans_tables          = var.create_orleans_tables
  grain_state_ttl_enabled        = var.grain_state_ttl_enabled
  grain_state_delete_on_clear    = var.grain_state_delete_on_clear
  billing_mode                   = var.billing_mode
  provisioned_throughput         = var.provisioned_throughput
  point_in_time_recovery_enabled = var.point_in_time_recovery_enabled
  kms_key_arn                    = var.kms_key_arn
  deletion_protection            = var.deletion_protection
}
