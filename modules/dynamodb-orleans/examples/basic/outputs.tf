output "table_names" {
  description = "Created table names by role."
  value       = module.dynamodb_orleans.table_names
}

output "table_arns" {
  description = "Created table ARNs by role."
  value       = module.dynamodb_orleans.table_arns
}

output "clustering_table_name" {
  description = "Orleans membership table."
  value       = module.dynamodb_orleans.clustering_table_name
}

output "grain_state_table_name" {
  description = "Orleans grain-state / PubSubStore table."
  value       = module.dynamodb_orleans.grain_state_table_name
}

output "reminders_table_name" {
  description = "Orleans reminders table."
  value       = module.dynamodb_orleans.reminders_table_name
}

output "dcb_events_table_name" {
  description = "Sekiban DCB events table."
  value       = module.dynamodb_orleans.dcb_events_table_name
}

output "dcb_tags_table_name" {
  description = "Sekiban DCB tags table."
  value       = module.dynamodb_orleans.dcb_tags_table_name
}

output "dcb_projection_states_table_name" {
  description = "Sekiban DCB projection-states table."
  value       = module.dynamodb_orleans.dcb_projection_states_table_name
}

output "app_policy_statements" {
  description = "IAM statements for the app's task role."
  value       = module.dynamodb_orleans.app_policy_statements
}
