output "instance_identifier" {
  description = "The module's instance_identifier."
  value       = module.rds_orleans.instance_identifier
}

output "instance_arn" {
  description = "The module's instance_arn."
  value       = module.rds_orleans.instance_arn
}

output "instance_resource_id" {
  description = "The module's instance_resource_id."
  value       = module.rds_orleans.instance_resource_id
}

output "address" {
  description = "The module's address."
  value       = module.rds_orleans.address
}

output "port" {
  description = "The module's port."
  value       = module.rds_orleans.port
}

output "database_name" {
  description = "The module's database_name."
  value       = module.rds_orleans.database_name
}

output "master_username" {
  description = "The module's master_username."
  value       = module.rds_orleans.master_username
}

output "master_user_secret_arn" {
  description = "The module's master_user_secret_arn."
  value       = module.rds_orleans.master_user_secret_arn
}

output "security_group_id" {
  description = "The module's security_group_id."
  value       = module.rds_orleans.security_group_id
}

output "parameter_group_name" {
  description = "The module's parameter_group_name."
  value       = module.rds_orleans.parameter_group_name
}

output "log_group_name" {
  description = "The module's log_group_name."
  value       = module.rds_orleans.log_group_name
}

output "connection_info" {
  description = "The module's connection_info."
  value       = module.rds_orleans.connection_info
}

output "app_policy_statements" {
  description = "The module's app_policy_statements."
  value       = module.rds_orleans.app_policy_statements
}

output "app_security_group_id" {
  description = "The example's app security group (the only allowed source)."
  value       = aws_security_group.app.id
}
