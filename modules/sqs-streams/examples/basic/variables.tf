# Defaults mirror the module's own defaults (a plan test checks they stay
# equal), so planning or scanning this example exercises the module defaults.

variable "region" {
  description = "AWS region to deploy the example into."
  type        = string
  default     = "ap-northeast-1"
}

variable "service_id" {
  description = "Orleans ClusterOptions.ServiceId."
  type        = string
  default     = "shop"
}

variable "provider_name" {
  description = "Stream provider name."
  type        = string
  default     = "SQSProvider"
}

variable "queue_count" {
  description = "Number of stream queues."
  type        = number
  default     = 4
}

variable "visibility_timeout_seconds" {
  description = "Visibility timeout of the queues."
  type        = number
  default     = 60
}

variable "message_retention_seconds" {
  description = "Retention of the stream queues."
  type        = number
  default     = 345600
}

variable "receive_wait_time_seconds" {
  description = "Long-poll wait of the queues."
  type        = number
  default     = 20
}

variable "max_message_size" {
  description = "Maximum message size in bytes."
  type        = number
  default     = 262144
}

variable "dead_letter" {
  description = "per_queue or shared."
  type        = string
  default     = "per_queue"
}

variable "max_receive_count" {
  description = "Receives before a message is dead-lettered."
  type        = number
  default     = 5
}

variable "dlq_message_retention_seconds" {
  description = "Retention of the dead-letter queues."
  type        = number
  default     = 1209600
}

variable "enable_redrive_allow_policy" {
  description = "Redrive-allow policy on the dead-letter queues (false on the moto emulator)."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key ARN; null = SSE-SQS."
  type        = string
  default     = null
}

variable "kms_data_key_reuse_period_seconds" {
  description = "Data key reuse period with a customer-managed key."
  type        = number
  default     = 300
}
