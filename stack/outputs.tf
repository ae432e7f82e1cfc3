output "app_contract" {
  description = "What the .NET app needs, structured; `python -m orchestrator output ENV --json` prints it."
  value = {
    region = data.aws_region.current.name
    orleans = {
      backend                    = var.orleans.backend
      cluster_id                 = var.orleans.cluster_id
      service_id                 = var.orleans.service_id
      silo_port                  = var.orleans.silo_port
      gateway_port               = var.orleans.gateway_port
      clustering_table           = module.dynamodb.clustering_table_name
      grain_state_table          = module.dynamodb.grain_state_table_name
      reminders_table            = module.dynamodb.reminders_table_name
      stream_provider            = var.orleans.stream_provider
      stream_queue_count         = var.orleans.stream_queue_count
      stream_queue_names         = module.streams.queue_names
      create_if_not_exists       = false
      update_if_exists           = false
      use_provisioned_throughput = false
      advertised_ip_source       = "ECS_CONTAINER_METADATA_URI_V4"
      # Only with backend = "rds": where the ADO.NET providers connect (no password).
      rds = local.orleans_on_rds ? {
        host       = module.rds[0].connection_info.host
        port       = module.rds[0].connection_info.port
        database   = module.rds[0].connection_info.database
        username   = module.rds[0].connection_info.username
        secret_arn = module.rds[0].connection_info.secret_arn
        invariant  = module.rds[0].connection_info.invariant
      } : null
    }
    dcb = {
      events_table            = module.dynamodb.dcb_events_table_name
      tags_table              = module.dynamodb.dcb_tags_table_name
      projection_states_table = module.dynamodb.dcb_projection_states_table_name
      snapshot_bucket         = module.snapshots.bucket_name
    }
    http = {
      port = var.app.http_port
      url  = module.alb.url
    }
  }
}

output "app_settings" {
  description = "The container's environment (flat ASP.NET Core keys)."
  value       = local.container_environment
}

output "resources" {
  description = "Names and identifiers that verification and operators look up."
  value = {
    vpc_id                = module.vpc.vpc_id
    alb_arn               = module.alb.arn
    alb_security_group_id = module.alb.security_group_id
    app_security_group_id = module.app.security_group_id
    cluster_name          = module.app.cluster_name
    service_name          = module.app.service_name
    task_definition_arn   = module.app.task_definition_arn
    task_role_name        = module.app.task_role_name
    log_group_name        = module.app.log_group_name
    table_names           = module.dynamodb.table_names
    queue_names           = module.streams.queue_names
    dlq_names             = module.streams.dlq_names
    snapshot_bucket       = module.snapshots.bucket_name
    db_instance_id        = local.create_orleans_db ? module.rds[0].instance_identifier : null
    db_security_group_id  = local.create_orleans_db ? module.rds[0].security_group_id : null
    db_secret_arn         = local.create_orleans_db ? module.rds[0].master_user_secret_arn : null
  }
}
