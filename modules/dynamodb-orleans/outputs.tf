output "table_names" {
  description = "Map of created table names keyed by role: clustering, grain_state, reminders (only when create_orleans_tables), dcb_events, dcb_tags, dcb_projection_states."
  value       = { for key, table in aws_dynamodb_table.this : key => table.name }
}

output "table_arns" {
  description = "Map of created table ARNs, keyed like table_names."
  value       = { for key, table in aws_dynamodb_table.this : key => table.arn }
}

output "clustering_table_name" {
  description = "Orleans membership table (DynamoDBClusteringOptions.TableName); null when create_orleans_tables = false."
  value       = try(aws_dynamodb_table.this["clustering"].name, null)
}

output "grain_state_table_name" {
  description = "Orleans grain-state table, also used by the PubSubStore (DynamoDBStorageOptions.TableName); null when create_orleans_tables = false."
  value       = try(aws_dynamodb_table.this["grain_state"].name, null)
}

output "reminders_table_name" {
  description = "Orleans reminders table (DynamoDBReminderStorageOptions.TableName); null when create_orleans_tables = false."
  value       = try(aws_dynamodb_table.this["reminders"].name, null)
}

output "dcb_events_table_name" {
  description = "Sekiban DCB events table (DynamoDb:EventsTableName)."
  value       = aws_dynamodb_table.this["dcb_events"].name
}

output "dcb_tags_table_name" {
  description = "Sekiban DCB tags table (DynamoDb:TagsTableName)."
  value       = aws_dynamodb_table.this["dcb_tags"].name
}

output "dcb_projection_states_table_name" {
  description = "Sekiban DCB projection-states table (DynamoDb:ProjectionStatesTableName)."
  value       = aws_dynamodb_table.this["dcb_projection_states"].name
}

output "app_policy_statements" {
  description = "Least-privilege IAM statements (sid, actions, resources; all Allow) the app's task role needs on these tables. Data-plane only: the app must run with table creation/update switched off. Known at plan time."
  value       = concat(local.orleans_statements, local.dcb_statements, local.kms_statements)
}
