output "queue_names" {
  description = "Stream queue names in index order (queue i serves Orleans QueueId i)."
  value       = aws_sqs_queue.this[*].name
}

output "queue_urls" {
  description = "Stream queue URLs in index order."
  value       = aws_sqs_queue.this[*].url
}

output "queue_arns" {
  description = "Stream queue ARNs in index order."
  value       = aws_sqs_queue.this[*].arn
}

output "dlq_names" {
  description = "Dead-letter queue names: one per stream queue (same order) with dead_letter = \"per_queue\", else a single shared one."
  value       = aws_sqs_queue.dlq[*].name
}

output "dlq_urls" {
  description = "Dead-letter queue URLs, ordered like dlq_names."
  value       = aws_sqs_queue.dlq[*].url
}

output "dlq_arns" {
  description = "Dead-letter queue ARNs, ordered like dlq_names (for alarms on ApproximateNumberOfMessagesVisible)."
  value       = aws_sqs_queue.dlq[*].arn
}

output "provider_name" {
  description = "Stream provider name the app must register (AddSqsStreams(provider_name, ...))."
  value       = var.provider_name
}

output "service_id" {
  description = "ClusterOptions.ServiceId the queue names were built from."
  value       = var.service_id
}

output "queue_count" {
  description = "Number of stream queues; the app must use the same TotalQueueCount (ConfigurePartitioning(queue_count))."
  value       = var.queue_count
}

output "app_policy_statements" {
  description = "Least-privilege IAM statements (sid, actions, resources; all Allow) the app's task role needs: GetQueueUrl, SendMessage, ReceiveMessage, DeleteMessage on the stream queues only (not the dead-letter queues), plus KMS use of kms_key_arn when set. Known at plan time."
  value       = concat(local.queue_statements, local.kms_statements)
}
