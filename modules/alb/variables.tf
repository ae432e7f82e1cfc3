variable "name_prefix" {
  description = "Prefix for every resource name (4-25 characters, lower case, e.g. \"orleans-dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,23}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 4-25 characters of a-z, 0-9 and '-', start with a letter and not end with '-'."
  }
}

variable "vpc_id" {
  description = "ID of the VPC the load balancer and its target group live in."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "subnet_ids" {
  description = "Public subnets for the internet-facing load balancer, in at least two availability zones."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids must list at least two subnet IDs (subnet-...): an ALB needs two availability zones."
  }
}

variable "listener_port" {
  description = "Port of the HTTP listener. It forwards to the app, or only redirects to HTTPS when certificate_arn is set."
  type        = number
  default     = 80
  nullable    = false

  validation {
    condition     = var.listener_port >= 1 && var.listener_port <= 65535 && floor(var.listener_port) == var.listener_port
    error_message = "listener_port must be a port number from 1 to 65535."
  }

  validation {
    condition     = var.certificate_arn == null || var.listener_port != 443
    error_message = "listener_port must not be 443 when certificate_arn is set: the HTTPS listener takes 443."
  }
}

variable "ingress_cidr_blocks" {
  description = "IPv4 CIDRs allowed to reach the listeners. Default: the whole internet (a public API)."
  type        = list(string)
  default     = ["0.0.0.0/0"]
  nullable    = false

  validation {
    condition = length(var.ingress_cidr_blocks) > 0 && alltrue([
      for c in var.ingress_cidr_blocks : can(cidrhost(c, 0)) && can(regex("^\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$", c))
    ])
    error_message = "ingress_cidr_blocks must list at least one IPv4 CIDR such as 203.0.113.0/24."
  }
}

variable "certificate_arn" {
  description = "ACM certificate ARN. When set, adds an HTTPS listener on 443 and the HTTP listener only redirects to it. Null (default): HTTP only."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>) or null."
  }
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener. Only TLS 1.2+ policies are accepted."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  nullable    = false

  validation {
    condition     = can(regex("^ELBSecurityPolicy-(TLS13-|TLS-1-2-|FS-1-2-)", var.ssl_policy))
    error_message = "ssl_policy must be a TLS 1.2+ policy: ELBSecurityPolicy-TLS13-*, ELBSecurityPolicy-TLS-1-2-* or ELBSecurityPolicy-FS-1-2-*."
  }
}

variable "target_port" {
  description = "HTTP port of the app in the task (the container's http_port)."
  type        = number
  default     = 8080
  nullable    = false

  validation {
    condition     = var.target_port >= 1 && var.target_port <= 65535 && floor(var.target_port) == var.target_port
    error_message = "target_port must be a port number from 1 to 65535."
  }
}

variable "app_security_group_id" {
  description = "Security group of the ECS tasks. The ALB's only egress goes to this group on target_port."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.app_security_group_id))
    error_message = "app_security_group_id must be a security group ID (sg-...)."
  }
}

variable "health_check_path" {
  description = "Path of the target group health check: the app's readiness endpoint."
  type        = string
  default     = "/health/ready"
  nullable    = false

  validation {
    condition     = can(regex("^/[!-~]*$", var.health_check_path)) && length(var.health_check_path) <= 1024
    error_message = "health_check_path must start with '/' and contain only printable ASCII without spaces (max 1024 characters)."
  }
}

variable "health_check_matcher" {
  description = "HTTP codes that count as healthy, e.g. \"200\" or \"200-299\"."
  type        = string
  default     = "200"
  nullable    = false

  validation {
    condition     = can(regex("^[1-5][0-9]{2}([-,][1-5][0-9]{2})*$", var.health_check_matcher))
    error_message = "health_check_matcher must be HTTP codes such as \"200\", \"200,204\" or \"200-299\"."
  }
}

variable "health_check_interval_seconds" {
  description = "Seconds between health checks of one target."
  type        = number
  default     = 15
  nullable    = false

  validation {
    condition     = var.health_check_interval_seconds >= 5 && var.health_check_interval_seconds <= 300
    error_message = "health_check_interval_seconds must be 5 to 300."
  }
}

variable "health_check_timeout_seconds" {
  description = "Seconds without a response after which a health check fails; must be less than the interval."
  type        = number
  default     = 5
  nullable    = false

  validation {
    condition     = var.health_check_timeout_seconds >= 2 && var.health_check_timeout_seconds <= 120 && var.health_check_timeout_seconds < var.health_check_interval_seconds
    error_message = "health_check_timeout_seconds must be 2 to 120 and less than health_check_interval_seconds."
  }
}

variable "healthy_threshold" {
  description = "Consecutive successful checks before a target receives traffic."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.healthy_threshold >= 2 && var.healthy_threshold <= 10
    error_message = "healthy_threshold must be 2 to 10."
  }
}

variable "unhealthy_threshold" {
  description = "Consecutive failed checks before a target is taken out of rotation."
  type        = number
  default     = 3
  nullable    = false

  validation {
    condition     = var.unhealthy_threshold >= 2 && var.unhealthy_threshold <= 10
    error_message = "unhealthy_threshold must be 2 to 10."
  }
}

variable "stop_timeout_seconds" {
  description = "The task's stopTimeout (SIGTERM to SIGKILL). Only used to check that the deregistration delay is shorter."
  type        = number
  default     = 120
  nullable    = false

  validation {
    condition     = var.stop_timeout_seconds >= 2 && var.stop_timeout_seconds <= 120
    error_message = "stop_timeout_seconds must be 2 to 120 (the Fargate maximum)."
  }
}

variable "deregistration_delay_seconds" {
  description = "Seconds the ALB drains a deregistering task before ECS sends SIGTERM. Keep it short: the silo still needs the stopTimeout afterwards to leave the cluster."
  type        = number
  default     = 15
  nullable    = false

  validation {
    condition     = var.deregistration_delay_seconds >= 0 && var.deregistration_delay_seconds <= 119 && var.deregistration_delay_seconds < var.stop_timeout_seconds
    error_message = "deregistration_delay_seconds must be 0 to 119 and less than stop_timeout_seconds."
  }
}

variable "idle_timeout_seconds" {
  description = "Seconds an idle client connection stays open."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.idle_timeout_seconds >= 1 && var.idle_timeout_seconds <= 4000
    error_message = "idle_timeout_seconds must be 1 to 4000."
  }
}

variable "deletion_protection" {
  description = "Protect the load balancer from deletion. On by default; dev environments opt out so they can be torn down."
  type        = bool
  default     = true
  nullable    = false
}

variable "access_logs_bucket" {
  description = "S3 bucket for ALB access logs (it must allow ELB log delivery and use SSE-S3). Null (default): access logs off."
  type        = string
  default     = null

  validation {
    condition     = var.access_logs_bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_logs_bucket))
    error_message = "access_logs_bucket must be an S3 bucket name or null."
  }
}
