variable "region" {
  description = "AWS region."
  type        = string
  default     = "ap-northeast-1"
}

variable "name_prefix" {
  description = "Prefix for every resource name."
  type        = string
  default     = "example"
}

variable "availability_zones" {
  description = "Zones of the example's two private subnets."
  type        = list(string)
  default     = ["ap-northeast-1a", "ap-northeast-1c"]
}

variable "subnet_ids" {
  description = "Overrides the example's subnets (null = both private subnets); lets tests pass bad lists."
  type        = list(string)
  default     = null
}

variable "app_security_group_id" {
  description = "Overrides the example's app security group (null = the one made here); lets tests pin the ID."
  type        = string
  default     = null
}

variable "engine_version" {
  description = "PostgreSQL version."
  type        = string
  default     = "16.4"
}

variable "allow_major_version_upgrade" {
  description = "Allow major upgrades."
  type        = bool
  default     = false
}

variable "auto_minor_version_upgrade" {
  description = "Automatic minor upgrades."
  type        = bool
  default     = true
}

variable "instance_class" {
  description = "DB instance class."
  type        = string
  default     = "db.t4g.micro"
}

variable "allocated_storage_gb" {
  description = "Initial storage (GiB)."
  type        = number
  default     = 20
}

variable "max_allocated_storage_gb" {
  description = "Storage autoscaling cap (GiB); null = off."
  type        = number
  default     = 100
}

variable "database_name" {
  description = "Database name."
  type        = string
  default     = "orleans"
}

variable "master_username" {
  description = "Master user name."
  type        = string
  default     = "orleans_admin"
}

variable "port" {
  description = "PostgreSQL port."
  type        = number
  default     = 5432
}

variable "multi_az" {
  description = "Multi-AZ standby."
  type        = bool
  default     = true
}

variable "backup_retention_days" {
  description = "Automated backup retention (days)."
  type        = number
  default     = 7
}

variable "deletion_protection" {
  description = "Deletion protection."
  type        = bool
  default     = true
}

variable "skip_final_snapshot" {
  description = "Skip the final snapshot."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key; null = aws/rds."
  type        = string
  default     = null
}

variable "slow_statement_ms" {
  description = "log_min_duration_statement (ms)."
  type        = number
  default     = 500
}

variable "log_retention_days" {
  description = "PostgreSQL log retention (days)."
  type        = number
  default     = 365
}

variable "monitoring_interval" {
  description = "Enhanced Monitoring interval (s); 0 = off."
  type        = number
  default     = 60
}

variable "performance_insights_enabled" {
  description = "Performance Insights."
  type        = bool
  default     = true
}
