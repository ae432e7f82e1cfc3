output "arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "arn_suffix" {
  description = "ARN suffix of the load balancer, for CloudWatch metric dimensions (LoadBalancer)."
  value       = aws_lb.this.arn_suffix
}

output "dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Route 53 hosted zone ID of the load balancer, for alias records."
  value       = aws_lb.this.zone_id
}

output "security_group_id" {
  description = "Security group of the load balancer; the task security group admits the app port from it."
  value       = aws_security_group.alb.id
}

output "target_group_arn" {
  description = "ARN of the target group (type ip) that the ECS service registers its tasks in."
  value       = aws_lb_target_group.this.arn
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group, for CloudWatch metric dimensions (TargetGroup)."
  value       = aws_lb_target_group.this.arn_suffix
}

output "http_listener_arn" {
  description = "ARN of the HTTP listener on listener_port (forwarding, or redirecting when HTTPS is on)."
  value       = one(concat(aws_lb_listener.http_forward[*].arn, aws_lb_listener.http_redirect[*].arn))
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener, or null without certificate_arn."
  value       = one(aws_lb_listener.https[*].arn)
}

output "listener_arn" {
  description = "ARN of the listener that forwards to the target group; the ECS service must be created after it."
  value       = one(concat(aws_lb_listener.http_forward[*].arn, aws_lb_listener.https[*].arn))
}

output "url" {
  description = "Base URL of the service."
  value = (local.https
    ? "https://${aws_lb.this.dns_name}"
    : "http://${aws_lb.this.dns_name}${var.listener_port == 80 ? "" : ":${var.listener_port}"}"
  )
}
