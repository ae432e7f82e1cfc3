variable "region" {
  description = "AWS region."
  type        = string
  default     = "ap-northeast-1"
}

variable "name_prefix" {
  description = "Prefix for every resource name."
  type        = string
  default     = "orleans-example"
}

variable "image" {
  description = "Full image URI with a tag or digest."
  type        = string
  default     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/orleans-app:0.1.0"
}

variable "alb_deletion_protection" {
  description = "ALB deletion protection; null: the alb module default (true). Pass false to be able to destroy the example."
  type        = bool
  default     = null
}

# Everything below is passed straight to the module; null means the module default.

variable "reject_mutable_latest" {
  description = "Reject :latest images; null: the module default."
  type        = bool
  default     = null
}

variable "assign_public_ip" {
  description = "Override for assign_public_ip; null: what the vpc module says (task_assign_public_ip)."
  type        = bool
  default     = null
}

variable "cpu" {
  description = "Task CPU units; null: the module default."
  type        = number
  default     = null
}

variable "memory" {
  description = "Task memory in MiB; null: the module default."
  type        = number
  default     = null
}

variable "architecture" {
  description = "ARM64 or X86_64; null: the module default."
  type        = string
  default     = null
}

variable "http_port" {
  description = "API port; null: the module default."
  type        = number
  default     = null
}

variable "silo_port" {
  description = "Silo port; null: the module default."
  type        = number
  default     = null
}

variable "gateway_port" {
  description = "Gateway port, 0 for none; null: the module default."
  type        = number
  default     = null
}

variable "stop_timeout_seconds" {
  description = "Container stopTimeout; null: the module default."
  type        = number
  default     = null
}

variable "health_check_grace_period_seconds" {
  description = "Service health check grace period; null: the module default."
  type        = number
  default     = null
}

variable "min_count" {
  description = "Minimum (and initial) task count; null: the module default."
  type        = number
  default     = null
}

variable "max_count" {
  description = "Maximum task count; null: the module default."
  type        = number
  default     = null
}

variable "enable_autoscaling" {
  description = "CPU target tracking; null: the module default."
  type        = bool
  default     = null
}

variable "cpu_target_percent" {
  description = "Autoscaling CPU target; null: the module default."
  type        = number
  default     = null
}

variable "use_capacity_providers" {
  description = "Capacity provider strategy (true) or plain launch type FARGATE (false, for the emulator); null: the module default."
  type        = bool
  default     = null
}

variable "fargate_base" {
  description = "Base tasks on FARGATE; null: the module default."
  type        = number
  default     = null
}

variable "fargate_weight" {
  description = "FARGATE weight; null: the module default."
  type        = number
  default     = null
}

variable "fargate_spot_weight" {
  description = "FARGATE_SPOT weight; null: the module default."
  type        = number
  default     = null
}

variable "log_retention_days" {
  description = "Log retention; null: the module default."
  type        = number
  default     = null
}

variable "container_insights" {
  description = "Container Insights; null: the module default."
  type        = bool
  default     = null
}

variable "environment" {
  description = "Plain container environment; null: the module default."
  type        = map(string)
  default     = null
}

variable "secrets" {
  description = "Secret container environment (name => ARN); null: the module default."
  type        = map(string)
  default     = null
}

variable "task_role_policy_statements" {
  description = "Task role statements; null: one statement on a made-up table, as the composition would pass."
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  default = null
}
