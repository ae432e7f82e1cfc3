# The one composition of the architecture. Every environment renders a root that
# calls this module with its own tfvars; nothing here differs per environment.

data "aws_region" "current" {}

locals {
  is_prod        = var.tier == "prod"
  protect_data   = contains(["stg", "prod"], var.tier)
  orleans_on_rds = var.orleans.backend == "rds"
  # During a migration both backends exist; otherwise only the one in use.
  create_orleans_tables = !local.orleans_on_rds || var.orleans.keep_both_backends
  create_orleans_db     = local.orleans_on_rds || var.orleans.keep_both_backends
  stream_queue_dlq      = var.streams.dead_letter
}

module "vpc" {
  source = "../modules/vpc"

  name_prefix            = var.name_prefix
  cidr_block             = var.network.vpc_cidr
  availability_zones     = var.network.availability_zones
  create_private_subnets = var.network.private_subnets || local.create_orleans_db
  nat_gateway            = var.network.nat_gateway
  interface_endpoints    = var.network.interface_endpoints
  flow_logs_enabled      = var.network.flow_logs
}

module "dynamodb" {
  source = "../modules/dynamodb-orleans"

  name_prefix                    = var.name_prefix
  table_names                    = { for k, v in var.orleans.table_names : k => v if v != null }
  create_orleans_tables          = local.create_orleans_tables
  grain_state_ttl_enabled        = var.orleans.grain_state_ttl
  grain_state_delete_on_clear    = var.orleans.grain_state_delete_on_clear
  point_in_time_recovery_enabled = var.dynamodb.point_in_time_recovery
  # stg and prod can never turn deletion protection off from JSON.
  deletion_protection = var.dynamodb.deletion_protection || local.protect_data
}

module "streams" {
  source = "../modules/sqs-streams"

  service_id                  = var.orleans.service_id
  provider_name               = var.orleans.stream_provider
  queue_count                 = var.orleans.stream_queue_count
  visibility_timeout_seconds  = var.streams.visibility_timeout_seconds
  message_retention_seconds   = var.streams.message_retention_seconds
  receive_wait_time_seconds   = var.streams.receive_wait_time_seconds
  max_message_size            = var.streams.max_message_size
  dead_letter                 = local.stream_queue_dlq
  max_receive_count           = var.streams.max_receive_count
  enable_redrive_allow_policy = var.enable_redrive_allow_policy
}

module "snapshots" {
  source = "../modules/s3-snapshots"

  name_prefix                        = var.name_prefix
  noncurrent_version_expiration_days = var.snapshots.noncurrent_version_expiration_days
  # force-destroy only outside prod, whatever the JSON says.
  force_destroy = var.snapshots.force_destroy && !local.is_prod
}

module "alb" {
  source = "../modules/alb"

  name_prefix                  = var.name_prefix
  vpc_id                       = module.vpc.vpc_id
  subnet_ids                   = module.vpc.public_subnet_ids
  listener_port                = var.alb.listener_port
  certificate_arn              = var.alb.certificate_arn
  target_port                  = var.app.http_port
  app_security_group_id        = module.app.security_group_id
  health_check_path            = var.app.health_check_path
  deregistration_delay_seconds = var.alb.deregistration_delay_seconds
  idle_timeout_seconds         = var.alb.idle_timeout_seconds
  deletion_protection          = var.alb.deletion_protection || local.is_prod
}

module "app" {
  source = "../modules/ecs-fargate-app"

  name_prefix                       = var.name_prefix
  region                            = data.aws_region.current.name
  vpc_id                            = module.vpc.vpc_id
  subnet_ids                        = module.vpc.app_subnet_ids
  assign_public_ip                  = module.vpc.task_assign_public_ip
  image                             = var.app.image
  reject_mutable_latest             = local.protect_data
  cpu                               = var.app.cpu
  memory                            = var.app.memory
  architecture                      = var.app.architecture
  http_port                         = var.app.http_port
  silo_port                         = var.orleans.silo_port
  gateway_port                      = var.orleans.gateway_port
  health_check_grace_period_seconds = var.app.health_check_grace_period_seconds
  alb_security_group_id             = module.alb.security_group_id
  target_group_arn                  = module.alb.target_group_arn
  listener_arn                      = module.alb.listener_arn
  min_count                         = var.app.min_count
  max_count                         = var.app.max_count
  cpu_target_percent                = var.app.cpu_target_percent
  enable_autoscaling                = var.enable_autoscaling
  fargate_weight                    = var.app.fargate_weight
  fargate_spot_weight               = var.app.fargate_spot_weight
  fargate_base                      = var.app.fargate_base
  log_retention_days                = var.app.log_retention_days
  container_insights                = var.monitoring.container_insights
  environment                       = local.container_environment
  task_role_policy_statements = concat(
    module.dynamodb.app_policy_statements,
    module.streams.app_policy_statements,
    module.snapshots.app_policy_statements,
    local.create_orleans_db ? module.rds[0].app_policy_statements : [],
  )
}

# Alternative A: Orleans clustering, grain state and reminders in PostgreSQL
# (the official ADO.NET providers) instead of DynamoDB. The event store,
# streams and snapshots do not change.
module "rds" {
  source = "../modules/rds-orleans"
  count  = local.create_orleans_db ? 1 : 0

  name_prefix                  = var.name_prefix
  vpc_id                       = module.vpc.vpc_id
  subnet_ids                   = module.vpc.database_subnet_ids
  app_security_group_id        = module.app.security_group_id
  instance_class               = var.rds.instance_class
  allocated_storage_gb         = var.rds.allocated_storage_gb
  multi_az                     = var.rds.multi_az
  backup_retention_days        = var.rds.backup_retention_days
  deletion_protection          = var.rds.deletion_protection || local.protect_data
  skip_final_snapshot          = !local.protect_data
  performance_insights_enabled = var.enable_performance_insights
}
