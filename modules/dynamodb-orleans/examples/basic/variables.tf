# Defaults mirror the module's own defaults (a plan test checks they stay
# equal), so planning or scanning this example exercises the module defaults.

variable "region" {
  description = "AWS region to deploy the example into."
  type        = string
  default     = "ap-northeast-1"
}

variable "name_prefix" {
  description = "Prefix of every default table name."
  type        = string
  default     = "example"
}

variable "table_names" {
  description = "Table name overrides by role."
  type        = map(string)
  default     = {}
}

variable "create_orleans_tables" {
  description = "Create the three Orleans tables."
  type        = bool
  default     = true
}

variable "grain_state_ttl_enabled" {
  description = "TTL on the grain-state GrainTtl attribute."
  type        = bool
  default     = false
}

variable "grain_state_delete_on_clear" {
  description = "Grant DeleteItem on the grain-state table."
  type        = bool
  default     = false
}

variable "billing_mode" {
  description = "PAY_PER_REQUEST or PROVISIONED."
  type        = string
  default     = "PAY_PER_REQUEST"
}

variable "provisioned_throughput" {
  description = "Capacity used when billing_mode = PROVISIONED."
  type = object({
    read_capacity  = number
    write_capacity = number
  })
  default = { read_capacity = 5, write_capacity = 5 }
}

variable "point_in_time_recovery_enabled" {
  description = "Point-in-time recovery on every table."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key ARN; null = AWS-managed key."
  type        = string
  default     = null
}

variable "deletion_protection" {
  description = "Deletion protection on every table (set false for throwaway environments)."
  type        = bool
  default     = true
}
