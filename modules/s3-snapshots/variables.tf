variable "name_prefix" {
  description = "Prefix of the default bucket name \"<name_prefix>-snapshots-<account_id>\". Lowercase letters, digits and hyphens, 3-32 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "bucket_name" {
  description = "Bucket name override. Null (default) gives \"<name_prefix>-snapshots-<account_id>\", which is globally unique per account."
  type        = string
  default     = null

  validation {
    condition = var.bucket_name == null || (
      can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name)) &&
      !can(regex("\\.\\.|^\\d+\\.\\d+\\.\\d+\\.\\d+$|^xn--|-s3alias$|--ol-s3$", var.bucket_name))
    )
    error_message = "bucket_name must follow S3 naming rules: 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit, no '..', not an IP address, no xn-- prefix or -s3alias / --ol-s3 suffix."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete the bucket together with every object version in it. For throwaway dev environments only, never in prod (the composition enforces this)."
  type        = bool
  default     = false
  nullable    = false
}

variable "kms_key_arn" {
  description = "ARN of a customer-managed KMS key for default encryption. Null (default) uses SSE-KMS with the AWS-managed key alias/aws/s3. With a key, the app statements gain kms:GenerateDataKey and kms:Decrypt on it."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which overwritten or deleted snapshot versions are removed for good (the recovery window for accidental deletes)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && var.noncurrent_version_expiration_days <= 3650 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number from 1 to 3650."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which parts of an unfinished multipart upload are deleted (they are billed but invisible)."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1 && var.abort_incomplete_multipart_upload_days <= 365 && floor(var.abort_incomplete_multipart_upload_days) == var.abort_incomplete_multipart_upload_days
    error_message = "abort_incomplete_multipart_upload_days must be a whole number from 1 to 365."
  }
}

variable "deny_insecure_transport" {
  description = "Attach the bucket policy that denies every request made without TLS (aws:SecureTransport = false). Switch off only on the moto emulator: its endpoint is plain HTTP and moto enforces the deny, so object writes there fail with 403."
  type        = bool
  default     = true
  nullable    = false
}
