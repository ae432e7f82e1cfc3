# DynamoDB tables for Orleans (clustering, grain state incl. PubSubStore, reminders)
# and for the Sekiban DCB event store (events, tags, projection states).
#
# Schemas follow what the libraries create themselves, so the app can run with
# table creation switched off (Orleans: CreateIfNotExists = UpdateIfExists = false;
# Sekiban: AutoCreateTables = false) and its task role needs no control-plane rights.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  names = {
    clustering            = coalesce(var.table_names.clustering, "${var.name_prefix}-orleans-clustering")
    grain_state           = coalesce(var.table_names.grain_state, "${var.name_prefix}-orleans-grain-state")
    reminders             = coalesce(var.table_names.reminders, "${var.name_prefix}-orleans-reminders")
    dcb_events            = coalesce(var.table_names.dcb_events, "${var.name_prefix}-dcb-events")
    dcb_tags              = coalesce(var.table_names.dcb_tags, "${var.name_prefix}-dcb-tags")
    dcb_projection_states = coalesce(var.table_names.dcb_projection_states, "${var.name_prefix}-dcb-projection-states")
  }

  orleans_keys = ["clustering", "grain_state", "reminders"]

  # One shape for every table so a single resource can create them all.
  table_specs = {
    clustering = {
      hash_key   = "DeploymentId"
      range_key  = "SiloIdentity"
      attributes = { DeploymentId = "S", SiloIdentity = "S" }
      gsis       = []
      ttl        = null
    }
    grain_state = {
      hash_key   = "GrainReference"
      range_key  = "GrainType"
      attributes = { GrainReference = "S", GrainType = "S" }
      gsis       = []
      # Orleans writes GrainTtl only when DynamoDBStorageOptions.TimeToLive is set.
      ttl = var.grain_state_ttl_enabled ? "GrainTtl" : null
    }
    reminders = {
      hash_key   = "ReminderId"
      range_key  = "GrainHash"
      attributes = { ReminderId = "S", GrainHash = "N", ServiceId = "S", GrainReference = "S" }
      gsis = [
        { name = "ServiceIdIndex", hash_key = "ServiceId", range_key = "GrainHash" },
        { name = "ServiceIdGrainReferenceIndex", hash_key = "ServiceId", range_key = "GrainReference" },
      ]
      ttl = null
    }
    dcb_events = {
      hash_key   = "pk"
      range_key  = "sk"
      attributes = { pk = "S", sk = "S", gsi1pk = "S", sortableUniqueId = "S" }
      gsis       = [{ name = "GSI1", hash_key = "gsi1pk", range_key = "sortableUniqueId" }]
      ttl        = null
    }
    dcb_tags = {
      hash_key   = "pk"
      range_key  = "sk"
      attributes = { pk = "S", sk = "S", tagGroup = "S", tagString = "S" }
      gsis       = [{ name = "GSI1", hash_key = "tagGroup", range_key = "tagString" }]
      ttl        = null
    }
    dcb_projection_states = {
      hash_key   = "pk"
      range_key  = "sk"
      attributes = { pk = "S", sk = "S" }
      gsis       = []
      ttl        = null
    }
  }

  tables = {
    for key, spec in local.table_specs : key => merge(spec, { name = local.names[key] })
    if var.create_orleans_tables || !contains(local.orleans_keys, key)
  }

  provisioned = var.billing_mode == "PROVISIONED"
}

resource "aws_dynamodb_table" "this" {
  for_each = local.tables

  # checkov:skip=CKV_AWS_119:Encrypted with the AWS-managed key (alias/aws/dynamodb) by default; a customer-managed key costs $1/month plus requests and a key policy to run, so it is opt-in through var.kms_key_arn.
  name         = each.value.name
  billing_mode = var.billing_mode
  hash_key     = each.value.hash_key
  range_key    = each.value.range_key

  read_capacity  = local.provisioned ? var.provisioned_throughput.read_capacity : null
  write_capacity = local.provisioned ? var.provisioned_throughput.write_capacity : null

  deletion_protection_enabled = var.deletion_protection

  dynamic "attribute" {
    for_each = each.value.attributes
    content {
      name = attribute.key
      type = attribute.value
    }
  }

  dynamic "global_secondary_index" {
    for_each = each.value.gsis
    content {
      name            = global_secondary_index.value.name
      hash_key        = global_secondary_index.value.hash_key
      range_key       = global_secondary_index.value.range_key
      projection_type = "ALL"
      read_capacity   = local.provisioned ? var.provisioned_throughput.read_capacity : null
      write_capacity  = local.provisioned ? var.provisioned_throughput.write_capacity : null
    }
  }

  dynamic "ttl" {
    for_each = each.value.ttl == null ? [] : [each.value.ttl]
    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery_enabled
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }
}

locals {
  # ARNs built from the names (not from the resources) so the statements are
  # known at plan time and the task role can be planned in the same run.
  table_arn_prefix = "arn:${data.aws_partition.current.partition}:dynamodb:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:table"
  arn              = { for key, table in local.tables : key => "${local.table_arn_prefix}/${table.name}" }

  # Actions each library actually calls (see README). Transactions have no IAM
  # action of their own: TransactWriteItems/TransactGetItems are authorised as
  # the Put/Update/Delete/ConditionCheck/Get they contain.
  orleans_statements = var.create_orleans_tables ? [
    {
      sid       = "OrleansClustering"
      actions   = ["dynamodb:BatchWriteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"]
      resources = [local.arn.clustering]
    },
    {
      sid       = "OrleansGrainState"
      actions   = sort(concat(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], var.grain_state_delete_on_clear ? ["dynamodb:DeleteItem"] : []))
      resources = [local.arn.grain_state]
    },
    {
      sid       = "OrleansReminders"
      actions   = ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem"]
      resources = [local.arn.reminders]
    },
    {
      sid       = "OrleansRemindersIndexes"
      actions   = ["dynamodb:Query"]
      resources = ["${local.arn.reminders}/index/*"]
    },
  ] : []

  dcb_statements = [
    {
      # Reads: GetItem (one event), BatchGetItem (events behind tag rows), Query on GSI1 (all events).
      # Writes: transactional Put with attribute_not_exists, BatchWriteItem for oversized batches and
      # their rollback deletes; ConditionCheckItem for conditional appends.
      sid       = "DcbEvents"
      actions   = ["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
      resources = [local.arn.dcb_events]
    },
    {
      # Tag streams are Queries on pk; listing all tags without a group is a Scan.
      sid       = "DcbTags"
      actions   = ["dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan"]
      resources = [local.arn.dcb_tags]
    },
    {
      sid       = "DcbIndexes"
      actions   = ["dynamodb:Query"]
      resources = ["${local.arn.dcb_events}/index/*", "${local.arn.dcb_tags}/index/*"]
    },
    {
      # Conditional Put/Update implement the checkpoint CAS; listing projector states is a Scan.
      sid       = "DcbProjectionStates"
      actions   = ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem"]
      resources = [local.arn.dcb_projection_states]
    },
  ]

  # With a customer-managed key DynamoDB calls KMS on behalf of the caller.
  kms_statements = var.kms_key_arn == null ? [] : [
    {
      sid       = "DynamoDbTableKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [var.kms_key_arn]
    },
  ]
}
