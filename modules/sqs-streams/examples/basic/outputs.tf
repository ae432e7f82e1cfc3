output "queue_names" {
  description = "Stream queue names in index order."
  value       = module.sqs_streams.queue_names
}

output "queue_urls" {
  description = "Stream queue URLs."
  value       = module.sqs_streams.queue_urls
}

output "queue_arns" {
  description = "Stream queue ARNs."
  value       = module.sqs_streams.queue_arns
}

output "dlq_names" {
  description = "Dead-letter queue names."
  value       = module.sqs_streams.dlq_names
}

output "dlq_urls" {
  description = "Dead-letter queue URLs."
  value       = module.sqs_streams.dlq_urls
}

output "dlq_arns" {
  description = "Dead-letter queue ARNs."
  value       = module.sqs_streams.dlq_arns
}

output "provider_name" {
  description = "Stream provider name."
  value       = module.sqs_streams.provider_name
}

output "service_id" {
  description = "ServiceId of the queue names."
  value       = module.sqs_streams.service_id
}

output "queue_count" {
  description = "Number of stream queues."
  value       = module.sqs_streams.queue_count
}

output "app_policy_statements" {
  description = "IAM statements for the app's task role."
  value       = module.sqs_streams.app_policy_statements
}
