# The app contract: what the .NET app needs to find its resources. The same
# values reach the container as environment variables (ASP.NET Core maps
# `A__B` to the configuration key `A:B`) and come out of `orchestrator output`.

locals {
  orleans_settings = {
    "Orleans__ClusterId"   = var.orleans.cluster_id
    "Orleans__ServiceId"   = var.orleans.service_id
    "Orleans__SiloPort"    = tostring(var.orleans.silo_port)
    "Orleans__GatewayPort" = tostring(var.orleans.gateway_port)
    "Orleans__Backend"     = var.orleans.backend
    # Fargate has no EC2 metadata; the silo must advertise its task ENI address,
    # read from the task metadata endpoint, never a guessed interface.
    "Orleans__AdvertisedIPAddressSource" = "ECS_CONTAINER_METADATA_URI_V4"
    # Streams are the official SQS provider, never in-memory streams.
    "Orleans__Streaming__Type"          = "SQS"
    "Orleans__Streaming__ProviderName"  = var.orleans.stream_provider
    "Orleans__Streaming__QueueCount"    = tostring(var.orleans.stream_queue_count)
    "Orleans__Streaming__QueueNames"    = join(",", module.streams.queue_names)
    "Orleans__Streaming__AllowInMemory" = "false"
    "Orleans__Streaming__Region"        = data.aws_region.current.name
  }

  # Tables are pre-provisioned by Terraform: the providers must never create,
  # update or switch them to provisioned throughput (the package defaults do).
  dynamodb_settings = local.orleans_on_rds ? {} : {
    "Orleans__Clustering__Provider"               = "DynamoDB"
    "Orleans__Clustering__TableName"              = module.dynamodb.clustering_table_name
    "Orleans__GrainStorage__Provider"             = "DynamoDB"
    "Orleans__GrainStorage__TableName"            = module.dynamodb.grain_state_table_name
    "Orleans__GrainStorage__PubSubStoreTableName" = module.dynamodb.grain_state_table_name
    "Orleans__GrainStorage__DeleteStateOnClear"   = tostring(var.orleans.grain_state_delete_on_clear)
    "Orleans__Reminders__Provider"                = "DynamoDB"
    "Orleans__Reminders__TableName"               = module.dynamodb.reminders_table_name
    "Orleans__DynamoDB__Service"                  = data.aws_region.current.name
    "Orleans__DynamoDB__CreateIfNotExists"        = "false"
    "Orleans__DynamoDB__UpdateIfExists"           = "false"
    "Orleans__DynamoDB__UseProvisionedThroughput" = "false"
  }

  # The ADO.NET providers read the password from the RDS-managed secret at
  # start-up (the task role may read that one secret); it is never in the
  # environment, tfvars or outputs.
  rds_settings = local.orleans_on_rds ? {
    "Orleans__Clustering__Provider"   = "AdoNet"
    "Orleans__GrainStorage__Provider" = "AdoNet"
    "Orleans__Reminders__Provider"    = "AdoNet"
    "Orleans__AdoNet__Invariant"      = module.rds[0].connection_info.invariant
    "Orleans__AdoNet__Host"           = module.rds[0].connection_info.host
    "Orleans__AdoNet__Port"           = tostring(module.rds[0].connection_info.port)
    "Orleans__AdoNet__Database"       = module.rds[0].connection_info.database
    "Orleans__AdoNet__Username"       = module.rds[0].connection_info.username
    "Orleans__AdoNet__SecretArn"      = module.rds[0].connection_info.secret_arn
    "Orleans__AdoNet__SslMode"        = "Require"
  } : {}

  dcb_settings = {
    "Dcb__EventsTable"           = module.dynamodb.dcb_events_table_name
    "Dcb__TagsTable"             = module.dynamodb.dcb_tags_table_name
    "Dcb__ProjectionStatesTable" = module.dynamodb.dcb_projection_states_table_name
    "Dcb__SnapshotBucket"        = module.snapshots.bucket_name
    # Sekiban's store would otherwise call DescribeTable/CreateTable on start
    # (denied: the tables are Terraform's), and would force SSE-S3 headers on
    # snapshots instead of the bucket's default KMS encryption.
    "Dcb__AutoCreateTables"     = "false"
    "Dcb__S3__EnableEncryption" = "false"
  }

  http_settings = {
    "ASPNETCORE_HTTP_PORTS" = tostring(var.app.http_port)
    "AWS_REGION"            = data.aws_region.current.name
  }

  # Platform settings win over user-provided variables of the same name.
  container_environment = merge(
    var.app.environment,
    local.http_settings,
    local.orleans_settings,
    local.dynamodb_settings,
    local.rds_settings,
    local.dcb_settings,
  )
}
