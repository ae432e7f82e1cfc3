output "cluster_name" {
  description = "The module's cluster_name."
  value       = module.app.cluster_name
}

output "cluster_arn" {
  description = "The module's cluster_arn."
  value       = module.app.cluster_arn
}

output "service_name" {
  description = "The module's service_name."
  value       = module.app.service_name
}

output "service_id" {
  description = "The module's service_id."
  value       = module.app.service_id
}

output "task_definition_arn" {
  description = "The module's task_definition_arn."
  value       = module.app.task_definition_arn
}

output "task_definition_family" {
  description = "The module's task_definition_family."
  value       = module.app.task_definition_family
}

output "task_role_arn" {
  description = "The module's task_role_arn."
  value       = module.app.task_role_arn
}

output "task_role_name" {
  description = "The module's task_role_name."
  value       = module.app.task_role_name
}

output "execution_role_arn" {
  description = "The module's execution_role_arn."
  value       = module.app.execution_role_arn
}

output "security_group_id" {
  description = "The module's security_group_id."
  value       = module.app.security_group_id
}

output "log_group_name" {
  description = "The module's log_group_name."
  value       = module.app.log_group_name
}

output "container_name" {
  description = "The module's container_name."
  value       = module.app.container_name
}

output "url" {
  description = "Base URL of the service."
  value       = module.alb.url
}
