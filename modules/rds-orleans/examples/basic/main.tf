# Basic use of the module: a tiny VPC with two private subnets and an "app"
# security group standing in for the ECS tasks, then the database.
# The plan tests plan this root; every module input is passed through.

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "orleans-aws-infra"
      Example   = "rds-orleans-basic"
      ManagedBy = "terraform"
    }
  }
}

resource "aws_vpc" "this" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = "${var.name_prefix}-example" }
}

resource "aws_subnet" "private" {
  for_each = { for i, az in var.availability_zones : az => i }

  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 8, 100 + each.value)

  tags = { Name = "${var.name_prefix}-private-${each.key}" }
}

resource "aws_security_group" "app" {
  name        = "${var.name_prefix}-app"
  description = "Stands in for the ECS tasks of the app"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${var.name_prefix}-app" }
}

module "rds_orleans" {
  source = "../.."

  name_prefix           = var.name_prefix
  vpc_id                = aws_vpc.this.id
  subnet_ids            = var.subnet_ids != null ? var.subnet_ids : [for az in var.availability_zones : aws_subnet.private[az].id]
  app_security_group_id = var.app_security_group_id != null ? var.app_security_group_id : aws_security_group.app.id

  engine_version              = var.engine_version
  allow_major_version_upgrade = var.allow_major_version_upgrade
  auto_minor_version_upgrade  = var.auto_minor_version_upgrade
  instance_class              = var.instance_class
  allocated_storage_gb        = var.allocated_storage_gb
  max_allocated_storage_gb    = var.max_allocated_storage_gb
  database_name               = var.database_name
  master_username             = var.master_username
  port                        = var.port

  multi_az              = var.multi_az
  backup_retention_days = var.backup_retention_days
  deletion_protection   = var.deletion_protection
  skip_final_snapshot   = var.skip_final_snapshot

  kms_key_arn                  = var.kms_key_arn
  slow_statement_ms            = var.slow_statement_ms
  log_retention_days           = var.log_retention_days
  monitoring_interval          = var.monitoring_interval
  performance_insights_enabled = var.performance_insights_enabled
}
