provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "orleans-aws-infra"
      Environment = "example"
    }
  }
}

module "vpc" {
  source = "../../../vpc"

  name_prefix        = var.name_prefix
  cidr_block         = "10.10.0.0/16"
  availability_zones = ["ap-northeast-1a", "ap-northeast-1c"]
}

# Stands in for the ECS task security group that modules/ecs-fargate-app creates.
resource "aws_security_group" "app" {
  # checkov:skip=CKV2_AWS_5:Example-only stand-in for the task security group, which the ECS service attaches.
  name        = "${var.name_prefix}-app"
  description = "Stand-in for the app task security group"
  vpc_id      = module.vpc.vpc_id
}

module "alb" {
  source = "../.."

  name_prefix                  = var.name_prefix
  vpc_id                       = module.vpc.vpc_id
  subnet_ids                   = module.vpc.public_subnet_ids
  app_security_group_id        = aws_security_group.app.id
  certificate_arn              = var.certificate_arn
  ssl_policy                   = var.ssl_policy
  listener_port                = var.listener_port
  ingress_cidr_blocks          = var.ingress_cidr_blocks
  target_port                  = var.target_port
  deregistration_delay_seconds = var.deregistration_delay_seconds
  stop_timeout_seconds         = var.stop_timeout_seconds
  deletion_protection          = var.deletion_protection
  access_logs_bucket           = var.access_logs_bucket
}
