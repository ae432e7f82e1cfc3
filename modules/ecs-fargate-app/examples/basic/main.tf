provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "orleans-aws-infra"
      Environment = "example"
    }
  }
}

locals {
  # The ALB target port and the container port must agree.
  http_port = coalesce(var.http_port, 8080)
}

module "vpc" {
  source = "../../../vpc"

  name_prefix        = var.name_prefix
  cidr_block         = "10.10.0.0/16"
  availability_zones = ["ap-northeast-1a", "ap-northeast-1c"]
}

module "alb" {
  source = "../../../alb"

  name_prefix           = var.name_prefix
  vpc_id                = module.vpc.vpc_id
  subnet_ids            = module.vpc.public_subnet_ids
  app_security_group_id = module.app.security_group_id
  target_port           = local.http_port
  stop_timeout_seconds  = var.stop_timeout_seconds
  deletion_protection   = var.alb_deletion_protection
}

module "app" {
  source = "../.."

  name_prefix = var.name_prefix
  region      = var.region

  vpc_id           = module.vpc.vpc_id
  subnet_ids       = module.vpc.app_subnet_ids
  assign_public_ip = coalesce(var.assign_public_ip, module.vpc.task_assign_public_ip)

  alb_security_group_id = module.alb.security_group_id
  target_group_arn      = module.alb.target_group_arn
  listener_arn          = module.alb.listener_arn

  image                             = var.image
  reject_mutable_latest             = var.reject_mutable_latest
  cpu                               = var.cpu
  memory                            = var.memory
  architecture                      = var.architecture
  http_port                         = local.http_port
  silo_port                         = var.silo_port
  gateway_port                      = var.gateway_port
  stop_timeout_seconds              = var.stop_timeout_seconds
  health_check_grace_period_seconds = var.health_check_grace_period_seconds
  min_count                         = var.min_count
  max_count                         = var.max_count
  enable_autoscaling                = var.enable_autoscaling
  cpu_target_percent                = var.cpu_target_percent
  use_capacity_providers            = var.use_capacity_providers
  fargate_base                      = var.fargate_base
  fargate_weight                    = var.fargate_weight
  fargate_spot_weight               = var.fargate_spot_weight
  log_retention_days                = var.log_retention_days
  container_insights                = var.container_insights
  environment                       = var.environment
  secrets                           = var.secrets

  task_role_policy_statements = var.task_role_policy_statements != null ? var.task_role_policy_statements : [
    {
      sid       = "OrleansClustering"
      actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan"]
      resources = ["arn:aws:dynamodb:${var.region}:123456789012:table/${var.name_prefix}-clustering"]
    },
  ]
}
