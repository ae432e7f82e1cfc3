################################################################################
# Naming and placement
################################################################################

variable "name_prefix" {
  description = "Prefix of every name: the DB instance \"<name_prefix>-orleans\", its subnet group, parameter group, security group, log group, monitoring role and final snapshot. 3-32 lowercase letters, digits and single hyphens (RDS identifier rules)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix)) && !strcontains(var.name_prefix, "--")
    error_message = "name_prefix must be 3-32 characters of lowercase letters, digits and single hyphens, start with a letter and not end with a hyphen (RDS identifier rules)."
  }
}

variable "vpc_id" {
  description = "ID of the VPC the database lives in (the VPC of subnet_ids and app_security_group_id)."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID such as vpc-0123456789abcdef0."
  }
}

variable "subnet_ids" {
  description = "Private subnets of the DB subnet group: at least two, in different availability zones (RDS requires two zones even for a Single-AZ instance). Never public subnets: the instance is not publicly accessible anyway."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must list at least 2 private subnets in different availability zones (an RDS subnet group needs two zones)."
  }

  validation {
    condition     = length(distinct(var.subnet_ids)) == length(var.subnet_ids)
    error_message = "subnet_ids must not repeat a subnet."
  }

  validation {
    condition     = alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "Each of subnet_ids must be a subnet ID such as subnet-0123456789abcdef0."
  }
}

variable "app_security_group_id" {
  description = "Security group of the app (the ECS tasks). It is the only source admitted to the database port; nothing else, no CIDR, can connect."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.app_security_group_id))
    error_message = "app_security_group_id must be a security group ID such as sg-0123456789abcdef0."
  }
}

################################################################################
# Engine and size
################################################################################

variable "engine_version" {
  description = "PostgreSQL version, pinned: \"16.4\" (major.minor) or just the major \"16\". Major 14 or newer. The parameter group family (postgresN) follows the major. With auto_minor_version_upgrade = true, AWS upgrades the minor in the maintenance window; a major.minor pin must then be bumped to the new minor (engine_version_actual) or the next plan tries a downgrade, which RDS rejects. A major-only value avoids that."
  type        = string
  default     = "16.4"
  nullable    = false

  validation {
    condition     = can(regex("^[0-9]+(\\.[0-9]+)?$", var.engine_version)) && try(tonumber(split(".", var.engine_version)[0]) >= 14, false)
    error_message = "engine_version must be a PostgreSQL version \"MAJOR\" or \"MAJOR.MINOR\" with MAJOR >= 14, e.g. \"16.4\" (13 and older are past RDS standard support)."
  }
}

variable "allow_major_version_upgrade" {
  description = "Allow a change of engine_version to a new major version to be applied. Off by default so a typo cannot start a major upgrade; turn on for the one apply that upgrades."
  type        = bool
  default     = false
  nullable    = false
}

variable "auto_minor_version_upgrade" {
  description = "Let RDS apply minor engine upgrades (security fixes) in the maintenance window. Explicit on purpose; see engine_version for how it interacts with a major.minor pin."
  type        = bool
  default     = true
  nullable    = false
}

variable "instance_class" {
  description = "DB instance class. Default db.t4g.micro: the smallest Graviton burstable class (2 vCPU, 1 GiB), enough for Orleans membership, grain state and reminders of a small service."
  type        = string
  default     = "db.t4g.micro"
  nullable    = false

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "instance_class must be an RDS instance class such as db.t4g.micro."
  }
}

variable "allocated_storage_gb" {
  description = "Initial gp3 storage in GiB (20-65536). gp3 below 400 GiB always gets 3,000 IOPS and 125 MB/s."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.allocated_storage_gb >= 20 && var.allocated_storage_gb <= 65536 && floor(var.allocated_storage_gb) == var.allocated_storage_gb
    error_message = "allocated_storage_gb must be a whole number from 20 to 65536 (the gp3 limits for PostgreSQL)."
  }
}

variable "max_allocated_storage_gb" {
  description = "Upper limit of storage autoscaling in GiB; null switches autoscaling off. Must exceed allocated_storage_gb. The cap bounds the bill if something fills the disk."
  type        = number
  default     = 100

  validation {
    condition     = var.max_allocated_storage_gb == null || try(var.max_allocated_storage_gb > var.allocated_storage_gb && var.max_allocated_storage_gb <= 65536 && floor(var.max_allocated_storage_gb) == var.max_allocated_storage_gb, false)
    error_message = "max_allocated_storage_gb must be null (no autoscaling) or a whole number greater than allocated_storage_gb and at most 65536."
  }
}

variable "database_name" {
  description = "Name of the database created in the instance, which holds the Orleans tables (Invariant \"Npgsql\")."
  type        = string
  default     = "orleans"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must be 1-63 characters of lowercase letters, digits and underscores, starting with a letter."
  }
}

variable "master_username" {
  description = "Master user name. Its password is generated and kept by RDS in Secrets Manager (manage_master_user_password); no password is ever an input."
  type        = string
  default     = "orleans_admin"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.master_username)) && !contains(["rdsadmin", "rds_superuser", "rdsrepladmin", "public"], var.master_username)
    error_message = "master_username must be 1-63 characters of lowercase letters, digits and underscores, start with a letter, and not be a name RDS reserves (rdsadmin, rds_superuser, rdsrepladmin, public)."
  }
}

variable "port" {
  description = "TCP port PostgreSQL listens on; the only port the security group opens."
  type        = number
  default     = 5432
  nullable    = false

  validation {
    condition     = var.port >= 1150 && var.port <= 65535 && floor(var.port) == var.port
    error_message = "port must be a whole number from 1150 to 65535 (RDS limits)."
  }
}

################################################################################
# Availability, backups, deletion
################################################################################

variable "multi_az" {
  description = "Run a synchronous standby in a second zone (automatic failover, doubles the instance price). On by default; a dev environment opts out."
  type        = bool
  default     = true
  nullable    = false
}

variable "backup_retention_days" {
  description = "Days of automated backups and point-in-time recovery, 1-35."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35 && floor(var.backup_retention_days) == var.backup_retention_days
    error_message = "backup_retention_days must be a whole number from 1 to 35 (0 would switch automated backups off)."
  }
}

variable "deletion_protection" {
  description = "RDS deletion protection. To destroy the instance, first apply with false."
  type        = bool
  default     = true
  nullable    = false
}

variable "skip_final_snapshot" {
  description = "Delete without a final snapshot. False by default: destroying first takes the snapshot \"<name_prefix>-orleans-final-<YYYYMMDDhhmmss>\" (the instance's creation time, so repeated create-destroy cycles never collide)."
  type        = bool
  default     = false
  nullable    = false
}

################################################################################
# Encryption, logging, monitoring
################################################################################

variable "kms_key_arn" {
  description = "Customer-managed KMS key for storage and Performance Insights. Null (default) uses the AWS-managed key alias/aws/rds; storage is encrypted either way. The master-user secret always uses the Secrets Manager AWS-managed key, so the app needs no KMS permission."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "slow_statement_ms" {
  description = "log_min_duration_statement: log every statement that runs at least this many milliseconds; -1 switches it off, 0 logs everything."
  type        = number
  default     = 500
  nullable    = false

  validation {
    condition     = var.slow_statement_ms >= -1 && var.slow_statement_ms <= 2147483647 && floor(var.slow_statement_ms) == var.slow_statement_ms
    error_message = "slow_statement_ms must be a whole number of milliseconds, -1 (off) or more."
  }
}

variable "log_retention_days" {
  description = "Retention of the PostgreSQL log group /aws/rds/instance/<name_prefix>-orleans/postgresql, which this module owns (otherwise RDS creates it with no expiry and it outlives the database)."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

variable "monitoring_interval" {
  description = "Enhanced Monitoring interval in seconds (1, 5, 10, 15, 30 or 60); 0 switches it off. When on, the module creates the monitoring role RDS needs."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval must be 0 (off), 1, 5, 10, 15, 30 or 60."
  }
}

variable "performance_insights_enabled" {
  description = "Performance Insights (7 days of retention, the free tier). On by default. The local emulator (moto) does not store the setting, so the stack switches it off there only."
  type        = bool
  default     = true
  nullable    = false
}
