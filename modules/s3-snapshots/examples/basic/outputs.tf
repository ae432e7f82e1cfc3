output "bucket_name" {
  description = "Snapshot bucket name."
  value       = module.s3_snapshots.bucket_name
}

output "bucket_arn" {
  description = "Snapshot bucket ARN."
  value       = module.s3_snapshots.bucket_arn
}

output "app_policy_statements" {
  description = "IAM statements for the app's task role."
  value       = module.s3_snapshots.app_policy_statements
}
