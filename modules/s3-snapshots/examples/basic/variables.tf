# Defaults mirror the module's own defaults (a plan test checks they stay
# equal), so planning or scanning this example exercises the module defaults.

variable "region" {
  description = "AWS region to deploy the example into."
  type        = string
  default     = "ap-northeast-1"
}

variable "name_prefix" {
  description = "Prefix of the default bucket name."
  type        = string
  default     = "example"
}

variable "bucket_name" {
  description = "Bucket name override; null = <name_prefix>-snapshots-<account_id>."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Delete all objects on destroy (dev only)."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key ARN; null = AWS-managed aws/s3 key."
  type        = string
  default     = null
}

variable "noncurrent_version_expiration_days" {
  description = "Days before noncurrent versions expire."
  type        = number
  default     = 30
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days before incomplete multipart uploads are aborted."
  type        = number
  default     = 7
}

variable "deny_insecure_transport" {
  description = "TLS-only bucket policy (false only on the moto emulator)."
  type        = bool
  default     = true
}
