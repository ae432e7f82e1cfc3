output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "Public subnet IDs, in availability_zones order."
  value       = local.public_subnet_ids
}

output "private_subnet_ids" {
  description = "Private subnet IDs, in availability_zones order; empty unless create_private_subnets."
  value       = local.private_subnet_ids
}

output "app_subnet_ids" {
  description = "Where the Fargate tasks should run: the private subnets when they exist and have a way out (NAT or interface endpoints), otherwise the public subnets."
  value       = local.app_in_private ? local.private_subnet_ids : local.public_subnet_ids
}

output "task_assign_public_ip" {
  description = "True when app_subnet_ids are the public subnets, so tasks need a public IP to reach ECR and AWS APIs (pass to the ECS service's assign_public_ip)."
  value       = !local.app_in_private
}

output "database_subnet_ids" {
  description = "Subnets for a database subnet group: the private subnets (empty unless create_private_subnets)."
  value       = local.private_subnet_ids
}

output "nat_gateway_count" {
  description = "Number of NAT gateways created (0, 1 or one per zone)."
  value       = length(aws_nat_gateway.this)
}

output "interface_endpoint_ids" {
  description = "Interface endpoint IDs keyed by service short name (e.g. \"ecr.api\")."
  value       = { for k, e in aws_vpc_endpoint.interface : k => e.id }
}

output "gateway_endpoint_ids" {
  description = "Gateway endpoint IDs keyed \"s3\" and \"dynamodb\"."
  value       = { for k, e in aws_vpc_endpoint.gateway : k => e.id }
}

output "default_security_group_id" {
  description = "ID of the VPC's default security group, left with no rules."
  value       = aws_default_security_group.this.id
}

output "route_table_ids" {
  description = "All route table IDs of the VPC that this module manages (public first, then private by zone)."
  value       = concat([aws_route_table.public.id], [for az in var.availability_zones : aws_route_table.private[az].id if var.create_private_subnets])
}

output "flow_log_group_name" {
  description = "Name of the flow log group, or null when flow logs are off."
  value       = one(aws_cloudwatch_log_group.flow_logs[*].name)
}
