output "vpc_id" {
  description = "The module's vpc_id."
  value       = module.vpc.vpc_id
}

output "vpc_cidr_block" {
  description = "The module's vpc_cidr_block."
  value       = module.vpc.vpc_cidr_block
}

output "public_subnet_ids" {
  description = "The module's public_subnet_ids."
  value       = module.vpc.public_subnet_ids
}

output "private_subnet_ids" {
  description = "The module's private_subnet_ids."
  value       = module.vpc.private_subnet_ids
}

output "app_subnet_ids" {
  description = "The module's app_subnet_ids."
  value       = module.vpc.app_subnet_ids
}

output "task_assign_public_ip" {
  description = "The module's task_assign_public_ip."
  value       = module.vpc.task_assign_public_ip
}

output "database_subnet_ids" {
  description = "The module's database_subnet_ids."
  value       = module.vpc.database_subnet_ids
}

output "nat_gateway_count" {
  description = "The module's nat_gateway_count."
  value       = module.vpc.nat_gateway_count
}

output "interface_endpoint_ids" {
  description = "The module's interface_endpoint_ids."
  value       = module.vpc.interface_endpoint_ids
}

output "gateway_endpoint_ids" {
  description = "The module's gateway_endpoint_ids."
  value       = module.vpc.gateway_endpoint_ids
}

output "default_security_group_id" {
  description = "The module's default_security_group_id."
  value       = module.vpc.default_security_group_id
}

output "route_table_ids" {
  description = "The module's route_table_ids."
  value       = module.vpc.route_table_ids
}

output "flow_log_group_name" {
  description = "The module's flow_log_group_name."
  value       = module.vpc.flow_log_group_name
}
