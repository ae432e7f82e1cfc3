# Basic use of the module; the plan tests plan this root.
# Every input is passed through so tests can vary it.

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "orleans-aws-infra"
      Example   = "sqs-streams-basic"
      ManagedBy = "terraform"
    }
  }
}

module "sqs_streams" {
  source = "../.."

  service_id                        = var.service_id
  provider_name                     = var.provider_name
  queue_count                       = var.queue_count
  visibility_timeout_seconds        = var.visibility_timeout_seconds
  message_retention_seconds         = var.message_retention_seconds
  receive_wait_time_seconds         = var.receive_wait_time_seconds
  max_message_size                  = var.max_message_size
  dead_letter                       = var.dead_letter
  max_receive_count                 = var.max_receive_count
  dlq_message_retention_seconds     = var.dlq_message_retention_seconds
  enable_redrive_allow_policy       = var.enable_redrive_allow_policy
  kms_key_arn                       = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
}
