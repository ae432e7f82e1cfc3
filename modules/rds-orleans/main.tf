# PostgreSQL on RDS for the Orleans ADO.NET providers (clustering, grain state,
# reminders; Invariant "Npgsql"). One instance, private, reachable only from the
# app's security group, TLS-only, with the master password kept by RDS in
# Secrets Manager so it never passes through Terraform.

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  identifier    = "${var.name_prefix}-orleans"
  engine_major  = split(".", var.engine_version)[0]
  log_group     = "/aws/rds/instance/${local.identifier}/postgresql"
  monitoring_on = var.monitoring_interval > 0
}

################################################################################
# Network
################################################################################

resource "aws_db_subnet_group" "this" {
  name        = local.identifier
  description = "Private subnets of the Orleans PostgreSQL database of ${var.name_prefix}"
  subnet_ids  = var.subnet_ids

  tags = { Name = local.identifier }
}

# No inline rules: the provider then also removes the allow-all egress rule AWS
# adds to a new group. The database never opens connections, so it gets none.
resource "aws_security_group" "db" {
  name        = "${local.identifier}-db"
  description = "Orleans PostgreSQL of ${var.name_prefix}: from the app security group only"
  vpc_id      = var.vpc_id

  tags = { Name = "${local.identifier}-db" }
}

resource "aws_vpc_security_group_ingress_rule" "app" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from the app (ECS tasks) only"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = var.app_security_group_id

  tags = { Name = "${local.identifier}-db-from-app" }
}

# The app's security group sends only what the design allows; this module owns
# the one extra path it needs: PostgreSQL to the database's group, nothing wider.
resource "aws_vpc_security_group_egress_rule" "app_to_db" {
  security_group_id            = var.app_security_group_id
  description                  = "PostgreSQL from the app (ECS tasks) to the Orleans database only"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = aws_security_group.db.id

  tags = { Name = "${local.identifier}-app-to-db" }
}

################################################################################
# Engine settings
################################################################################

resource "aws_db_parameter_group" "this" {
  # The family is part of the name, so a major upgrade creates the new group
  # before the old one is deleted.
  name = "${local.identifier}-postgres${local.engine_major}"
  # Written out rather than from local.engine_major so checkov can resolve the
  # family and evaluate CKV2_AWS_69 (rds.force_ssl) on the HCL scan too.
  family      = "postgres${split(".", var.engine_version)[0]}"
  description = "Orleans PostgreSQL ${local.engine_major} of ${var.name_prefix}: TLS only, DDL and slow-statement logging"

  # All three are dynamic parameters: they take effect without a reboot.
  parameter {
    name         = "rds.force_ssl"
    value        = "1"
    apply_method = "immediate"
  }

  parameter {
    name         = "log_statement"
    value        = "ddl"
    apply_method = "immediate"
  }

  parameter {
    name         = "log_min_duration_statement"
    value        = tostring(var.slow_statement_ms)
    apply_method = "immediate"
  }

  tags = { Name = "${local.identifier}-postgres${local.engine_major}" }

  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# Logs and monitoring
################################################################################

# Owned here so it has a retention and goes away with the stack; RDS would
# otherwise create it on first export, never expiring, outside Terraform.
resource "aws_cloudwatch_log_group" "postgresql" {
  # checkov:skip=CKV_AWS_158:Encrypted with the CloudWatch Logs service key. The group holds DDL statements and slow-query text, no data or secrets; a CMK would also need a key policy for the logs service, so it is left to a later opt-in.
  name              = local.log_group
  retention_in_days = var.log_retention_days

  tags = { Name = local.log_group }
}

data "aws_iam_policy_document" "monitoring_assume" {
  count = local.monitoring_on ? 1 : 0

  statement {
    sid     = "RdsEnhancedMonitoring"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }

    # Confused-deputy guard: only RDS acting for this account may assume the role.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "monitoring" {
  count = local.monitoring_on ? 1 : 0

  name               = "${var.name_prefix}-rds-monitoring"
  description        = "Lets RDS Enhanced Monitoring of ${local.identifier} write OS metrics to CloudWatch Logs"
  assume_role_policy = data.aws_iam_policy_document.monitoring_assume[0].json

  tags = { Name = "${var.name_prefix}-rds-monitoring" }
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  count = local.monitoring_on ? 1 : 0

  role       = aws_iam_role.monitoring[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

################################################################################
# Instance
################################################################################

# Fixed when the instance is first created (and again only when its identifier
# changes), so every instance's final snapshot gets a name of its own and a
# second create-destroy cycle never collides with the first snapshot. The
# built-in stand-in for random_id, which would need a second provider.
resource "terraform_data" "final_snapshot_suffix" {
  input            = formatdate("YYYYMMDDhhmmss", timestamp())
  triggers_replace = [local.identifier]

  lifecycle {
    ignore_changes = [input]
  }
}

resource "aws_db_instance" "this" {
  # checkov:skip=CKV_AWS_354:Performance Insights data is encrypted with the AWS-managed key alias/aws/rds by default; a customer-managed key is opt-in through var.kms_key_arn (it costs $1/month plus a key policy to run).
  identifier     = local.identifier
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class

  allow_major_version_upgrade = var.allow_major_version_upgrade
  auto_minor_version_upgrade  = var.auto_minor_version_upgrade

  allocated_storage     = var.allocated_storage_gb
  max_allocated_storage = coalesce(var.max_allocated_storage_gb, 0) # 0 = no storage autoscaling
  storage_type          = "gp3"
  storage_encrypted     = true
  # Pin a current CA (RSA 2048, valid to 2061) rather than whatever the account default is.
  ca_cert_identifier = "rds-ca-rsa2048-g1"
  kms_key_id         = var.kms_key_arn

  db_name  = var.database_name
  username = var.master_username
  port     = var.port
  # RDS generates the password and keeps it in a Secrets Manager secret it owns
  # (and rotates); Terraform never sees it.
  manage_master_user_password         = true
  iam_database_authentication_enabled = true

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false
  multi_az               = var.multi_az
  parameter_group_name   = aws_db_parameter_group.this.name

  backup_retention_period   = var.backup_retention_days
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = "${local.identifier}-final-${terraform_data.final_snapshot_suffix.output}"

  enabled_cloudwatch_logs_exports = ["postgresql"]
  monitoring_interval             = var.monitoring_interval
  monitoring_role_arn             = local.monitoring_on ? aws_iam_role.monitoring[0].arn : null

  performance_insights_enabled          = var.performance_insights_enabled
  performance_insights_retention_period = var.performance_insights_enabled ? 7 : null
  performance_insights_kms_key_id       = var.performance_insights_enabled ? var.kms_key_arn : null

  # Changes wait for the maintenance window unless someone decides otherwise.
  apply_immediately = false

  tags = { Name = local.identifier }

  depends_on = [
    aws_cloudwatch_log_group.postgresql,
    aws_iam_role_policy_attachment.monitoring,
  ]
}
