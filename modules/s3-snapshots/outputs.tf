output "bucket_name" {
  description = "Snapshot bucket name (S3 snapshot options BucketName)."
  value       = aws_s3_bucket.this.bucket
}

output "bucket_arn" {
  description = "Snapshot bucket ARN."
  value       = aws_s3_bucket.this.arn
}

output "app_policy_statements" {
  description = "Least-privilege IAM statements (sid, actions, resources; all Allow) the app's task role needs: object get/put/delete on the bucket's objects, ListBucket on the bucket, plus KMS use of kms_key_arn when set. Known at plan time."
  value       = concat(local.object_statements, local.kms_statements)
}
