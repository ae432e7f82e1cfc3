# Standard SQS queues for the official Orleans SQS stream provider
# (Microsoft.Orleans.Streaming.SQS), pre-created so the app never needs
# sqs:CreateQueue, plus dead-letter queues for poison messages.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  # The provider looks queues up by exactly this name: "{ServiceId}-{providername}-{i}".
  base_name   = "${var.service_id}-${lower(var.provider_name)}"
  queue_names = [for i in range(var.queue_count) : "${local.base_name}-${i}"]

  per_queue_dlq = var.dead_letter == "per_queue"
  dlq_names     = local.per_queue_dlq ? [for name in local.queue_names : "${name}-dlq"] : ["${local.base_name}-dlq"]

  # ARNs built from names, so redrive documents and IAM statements are known at plan time.
  arn_prefix = "arn:${data.aws_partition.current.partition}:sqs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
  queue_arns = [for name in local.queue_names : "${local.arn_prefix}:${name}"]
  dlq_arns   = [for name in local.dlq_names : "${local.arn_prefix}:${name}"]

  sqs_managed_sse = var.kms_key_arn == null
}

resource "aws_sqs_queue" "dlq" {
  count = length(local.dlq_names)

  name                      = local.dlq_names[count.index]
  message_retention_seconds = var.dlq_message_retention_seconds
  # Same size limit as the source queues so a redriven message always fits back.
  max_message_size           = var.max_message_size
  visibility_timeout_seconds = var.visibility_timeout_seconds
  receive_wait_time_seconds  = var.receive_wait_time_seconds

  sqs_managed_sse_enabled           = local.sqs_managed_sse ? true : null
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = local.sqs_managed_sse ? null : var.kms_data_key_reuse_period_seconds
}

resource "aws_sqs_queue" "this" {
  count = var.queue_count

  name                       = local.queue_names[count.index]
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  receive_wait_time_seconds  = var.receive_wait_time_seconds
  max_message_size           = var.max_message_size

  sqs_managed_sse_enabled           = local.sqs_managed_sse ? true : null
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = local.sqs_managed_sse ? null : var.kms_data_key_reuse_period_seconds

  lifecycle {
    # The redrive policy is owned by aws_sqs_queue_redrive_policy below; the queue
    # must not fight it (moto also re-serialises the JSON, a permanent diff here).
    ignore_changes = [redrive_policy]
  }
}

resource "aws_sqs_queue_redrive_policy" "this" {
  count = var.queue_count

  queue_url = aws_sqs_queue.this[count.index].id
  redrive_policy = jsonencode({
    deadLetterTargetArn = local.dlq_arns[local.per_queue_dlq ? count.index : 0]
    maxReceiveCount     = var.max_receive_count
  })

  # The target is referenced by a constructed ARN, so order it explicitly.
  depends_on = [aws_sqs_queue.dlq]
}

resource "aws_sqs_queue_redrive_allow_policy" "this" {
  count = var.enable_redrive_allow_policy ? length(local.dlq_names) : 0

  queue_url = aws_sqs_queue.dlq[count.index].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = local.per_queue_dlq ? [local.queue_arns[count.index]] : local.queue_arns
  })

  depends_on = [aws_sqs_queue.this]
}

locals {
  queue_statements = [
    {
      # GetQueueUrl on start-up, SendMessage to publish, ReceiveMessage to pull,
      # DeleteMessage to ack. Never the dead-letter queues, never CreateQueue.
      sid       = "OrleansStreamQueues"
      actions   = ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage"]
      resources = local.queue_arns
    },
  ]

  kms_statements = local.sqs_managed_sse ? [] : [
    {
      # Producers need GenerateDataKey, consumers Decrypt, when queues use a customer-managed key.
      sid       = "StreamQueueKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [var.kms_key_arn]
    },
  ]
}
