variable "name_prefix" {
  description = "Prefix of every default table name, e.g. \"orleans-prod\" gives \"orleans-prod-orleans-clustering\". Lowercase letters, digits and hyphens, 3-32 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "table_names" {
  description = "Overrides of individual table names. Any attribute left out (or null) gets the default \"<name_prefix>-orleans-clustering\", \"-orleans-grain-state\", \"-orleans-reminders\", \"-dcb-events\", \"-dcb-tags\" or \"-dcb-projection-states\"."
  type = object({
    clustering            = optional(string)
    grain_state           = optional(string)
    reminders             = optional(string)
    dcb_events            = optional(string)
    dcb_tags              = optional(string)
    dcb_projection_states = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for name in values(var.table_names) : name == null || can(regex("^[A-Za-z0-9_.-]{3,255}$", name))])
    error_message = "Each table name must be 3-255 characters of letters, digits, '_', '-' and '.' (DynamoDB naming rules)."
  }
}

variable "create_orleans_tables" {
  description = "Create the three Orleans tables (clustering, grain state, reminders). Set false when Orleans keeps its state elsewhere (the RDS/PostgreSQL alternative); the three DCB event-store tables are always created."
  type        = bool
  default     = true
  nullable    = false
}

variable "grain_state_ttl_enabled" {
  description = "Enable DynamoDB TTL on the grain-state table's GrainTtl attribute. Turn on only when the app sets DynamoDBStorageOptions.TimeToLive; otherwise the attribute is never written."
  type        = bool
  default     = false
  nullable    = false
}

variable "grain_state_delete_on_clear" {
  description = "Grant dynamodb:DeleteItem on the grain-state table. Needed only when the app sets DynamoDBStorageOptions.DeleteStateOnClear = true."
  type        = bool
  default     = false
  nullable    = false
}

variable "billing_mode" {
  description = "DynamoDB billing mode of every table: PAY_PER_REQUEST (default; no capacity to manage, no autoscaling needed) or PROVISIONED."
  type        = string
  default     = "PAY_PER_REQUEST"
  nullable    = false

  validation {
    condition     = contains(["PAY_PER_REQUEST", "PROVISIONED"], var.billing_mode)
    error_message = "billing_mode must be PAY_PER_REQUEST or PROVISIONED."
  }
}

variable "provisioned_throughput" {
  description = "Read and write capacity units of every table and GSI. Used only when billing_mode = PROVISIONED."
  type = object({
    read_capacity  = number
    write_capacity = number
  })
  default  = { read_capacity = 5, write_capacity = 5 }
  nullable = false

  validation {
    condition = (
      var.provisioned_throughput.read_capacity >= 1 && floor(var.provisioned_throughput.read_capacity) == var.provisioned_throughput.read_capacity &&
      var.provisioned_throughput.write_capacity >= 1 && floor(var.provisioned_throughput.write_capacity) == var.provisioned_throughput.write_capacity
    )
    error_message = "provisioned_throughput read_capacity and write_capacity must be whole numbers >= 1."
  }
}

variable "point_in_time_recovery_enabled" {
  description = "Enable point-in-time recovery (35-day continuous backups) on every table."
  type        = bool
  default     = true
  nullable    = false
}

variable "kms_key_arn" {
  description = "ARN of a customer-managed KMS key for table encryption. Null (default) encrypts with the AWS-managed key alias/aws/dynamodb. With a key, its key policy must let DynamoDB use it, and the app statements gain kms actions on it."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "deletion_protection" {
  description = "Enable DynamoDB deletion protection on every table. Keep true outside throwaway dev environments: losing the membership or event tables under a running cluster is unrecoverable without PITR."
  type        = bool
  default     = true
  nullable    = false
}
