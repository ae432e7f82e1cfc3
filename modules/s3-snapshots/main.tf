# Private, versioned, KMS-encrypted bucket for Sekiban DCB snapshots
# (Sekiban.Dcb.BlobStorage.S3) that are too large to stay inline in DynamoDB.

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  # The account id makes the default name globally unique without a random suffix.
  bucket_name = coalesce(var.bucket_name, "${var.name_prefix}-snapshots-${data.aws_caller_identity.current.account_id}")
  # Built from the name so the policy and the app statements are known at plan time.
  bucket_arn = "arn:${data.aws_partition.current.partition}:s3:::${local.bucket_name}"
}

resource "aws_s3_bucket" "this" {
  # checkov:skip=CKV_AWS_18:No access-log bucket: it adds a bucket, its own policy and storage cost for a private app bucket; CloudTrail S3 data events are the audit path when one is needed.
  # checkov:skip=CKV_AWS_144:Single-region service; snapshots are derived data that can be rebuilt from the event store, so cross-region replication is not worth a second bucket.
  # checkov:skip=CKV2_AWS_62:Nothing consumes bucket events; notifications would only add a target to run.
  bucket        = local.bucket_name
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  # ACLs off: the bucket owner owns every object, access is IAM/policy only.
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    # One KMS call per bucket key instead of per object: cheaper, fewer throttles.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_policy" "this" {
  count = var.deny_insecure_transport ? 1 : 0

  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [local.bucket_arn, "${local.bucket_arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })

  # S3 rejects some policies while the public access block is still being applied.
  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"

    # An explicit whole-bucket filter (an empty filter makes the provider warn).
    filter {
      prefix = ""
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    # Remove delete markers once no versions are left behind them.
    expiration {
      expired_object_delete_marker = true
    }
  }

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }
  }

  # Noncurrent-version rules only make sense once versioning is on.
  depends_on = [aws_s3_bucket_versioning.this]
}

locals {
  object_statements = [
    {
      # The snapshot accessor writes, reads and (cold storage) deletes objects;
      # HeadObject is authorised by s3:GetObject.
      sid       = "SnapshotObjects"
      actions   = ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]
      resources = ["${local.bucket_arn}/*"]
    },
    {
      # ListObjectsV2; also lets GetObject answer 404 instead of 403 for a missing key.
      sid       = "SnapshotBucketList"
      actions   = ["s3:ListBucket"]
      resources = [local.bucket_arn]
    },
  ]

  kms_statements = var.kms_key_arn == null ? [] : [
    {
      sid       = "SnapshotBucketKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [var.kms_key_arn]
    },
  ]
}
