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

variable "certificate_arn" {
  description = "ACM certificate ARN; null for HTTP only."
  type        = string
  default     = null
}

variable "listener_port" {
  description = "Port of the HTTP listener; null: the module default."
  type        = number
  default     = null
}

variable "ingress_cidr_blocks" {
  description = "CIDRs allowed to reach the listeners; null: the module default."
  type        = list(string)
  default     = null
}

variable "target_port" {
  description = "App HTTP port in the task; null: the module default."
  type        = number
  default     = null
}

variable "deregistration_delay_seconds" {
  description = "Target deregistration delay; null: the module default."
  type        = number
  default     = null
}

variable "stop_timeout_seconds" {
  description = "The task's stopTimeout; null: the module default."
  type        = number
  default     = null
}

variable "deletion_protection" {
  description = "ALB deletion protection; null: the module default (true). Pass false to be able to destroy the example."
  type        = bool
  default     = null
}

variable "access_logs_bucket" {
  description = "S3 bucket for access logs, or null."
  type        = string
  default     = null
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener; null: the module default."
  type        = string
  default     = null
}
