output "arn" {
  description = "The module's arn."
  value       = module.alb.arn
}

output "arn_suffix" {
  description = "The module's arn_suffix."
  value       = module.alb.arn_suffix
}

output "dns_name" {
  description = "The module's dns_name."
  value       = module.alb.dns_name
}

output "zone_id" {
  description = "The module's zone_id."
  value       = module.alb.zone_id
}

output "security_group_id" {
  description = "The module's security_group_id."
  value       = module.alb.security_group_id
}

output "target_group_arn" {
  description = "The module's target_group_arn."
  value       = module.alb.target_group_arn
}

output "target_group_arn_suffix" {
  description = "The module's target_group_arn_suffix."
  value       = module.alb.target_group_arn_suffix
}

output "http_listener_arn" {
  description = "The module's http_listener_arn."
  value       = module.alb.http_listener_arn
}

output "https_listener_arn" {
  description = "The module's https_listener_arn."
  value       = module.alb.https_listener_arn
}

output "listener_arn" {
  description = "The module's listener_arn."
  value       = module.alb.listener_arn
}

output "url" {
  description = "The module's url."
  value       = module.alb.url
}
