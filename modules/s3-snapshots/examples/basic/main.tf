# Basic use of the module; the plan tests plan this root.
# Every input is passed through so tests can vary it.

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "orleans-aws-infra"
      Example   = "s3-snapshots-basic"
      ManagedBy = "terraform"
    }
  }
}

module "s3_snapshots" {
  source = "../.."

  name_prefix                            = var.name_prefix
  bucket_name                            = var.bucket_name
  force_destroy                          = var.force_destroy
  kms_key_arn                            = var.kms_key_arn
  noncurrent_version_expiration_days     = var.noncurrent_version_expiration_days
  abort_incomplete_multipart_upload_days = var.abort_incomplete_multipart_upload_days
  deny_insecure_transport                = var.deny_insecure_transport
}
