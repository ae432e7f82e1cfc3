variable "service_id" {
  description = "Orleans ClusterOptions.ServiceId (not ClusterId). The provider names its queues \"<service_id>-<lower(provider_name)>-<i>\"; case is preserved."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]+$", var.service_id))
    error_message = "service_id may contain only letters, digits, '-' and '_' (Orleans puts it into SQS queue names unsanitised)."
  }

  # Every generated name (queues and dead-letter queues) must be a valid SQS name.
  validation {
    condition = alltrue([
      for name in concat(
        [for i in range(var.queue_count) : "${var.service_id}-${lower(var.provider_name)}-${i}"],
        var.dead_letter == "per_queue"
        ? [for i in range(var.queue_count) : "${var.service_id}-${lower(var.provider_name)}-${i}-dlq"]
        : ["${var.service_id}-${lower(var.provider_name)}-dlq"],
      ) : length(name) <= 80 && can(regex("^[A-Za-z0-9_-]+$", name))
    ])
    error_message = "Generated SQS queue names must be at most 80 characters of letters, digits, '-' and '_': \"${var.service_id}-${lower(var.provider_name)}-${var.queue_count - 1}${var.dead_letter == "per_queue" ? "-dlq" : ""}\" is ${length("${var.service_id}-${lower(var.provider_name)}-${var.queue_count - 1}${var.dead_letter == "per_queue" ? "-dlq" : ""}")} characters long. Shorten service_id or provider_name."
  }
}

variable "provider_name" {
  description = "Name the app registers the stream provider under (AddSqsStreams(name, ...)); lowercased in queue names."
  type        = string
  default     = "SQSProvider"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]+$", var.provider_name))
    error_message = "provider_name may contain only letters, digits, '-' and '_'."
  }
}

variable "queue_count" {
  description = "Number of stream queues. Must equal the app's HashRingStreamQueueMapperOptions.TotalQueueCount (ConfigurePartitioning(n); Orleans defaults to 8), or partitions without a queue stay dead."
  type        = number
  default     = 4
  nullable    = false

  validation {
    condition     = var.queue_count >= 1 && var.queue_count <= 64 && floor(var.queue_count) == var.queue_count
    error_message = "queue_count must be a whole number from 1 to 64."
  }
}

variable "visibility_timeout_seconds" {
  description = "Visibility timeout of the stream queues. Orleans deletes a message only after delivery and the next receive, which can wait a full long poll, so keep it well above receive_wait_time_seconds."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200 && floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "visibility_timeout_seconds must be a whole number from 0 to 43200."
  }
}

variable "message_retention_seconds" {
  description = "How long the stream queues keep a message (default 4 days)."
  type        = number
  default     = 345600
  nullable    = false

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600 && floor(var.message_retention_seconds) == var.message_retention_seconds
    error_message = "message_retention_seconds must be a whole number from 60 to 1209600."
  }
}

variable "receive_wait_time_seconds" {
  description = "Long-poll wait of the queues. Released Orleans SQS providers send no WaitTimeSeconds and poll every 100 ms, so this attribute decides between ~9 empty receives/s per queue (0) and ~1 per 20 s (20)."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.receive_wait_time_seconds >= 0 && var.receive_wait_time_seconds <= 20 && floor(var.receive_wait_time_seconds) == var.receive_wait_time_seconds
    error_message = "receive_wait_time_seconds must be a whole number from 0 to 20."
  }
}

variable "max_message_size" {
  description = "Maximum message size in bytes of every queue, set explicitly because Orleans does no size check and SendMessage fails above it. 262144 is the most hashicorp/aws 5.100 accepts."
  type        = number
  default     = 262144
  nullable    = false

  validation {
    condition     = var.max_message_size >= 1024 && var.max_message_size <= 262144 && floor(var.max_message_size) == var.max_message_size
    error_message = "max_message_size must be a whole number from 1024 to 262144."
  }
}

variable "dead_letter" {
  description = "Dead-letter layout: \"per_queue\" (one <queue>-dlq per stream queue) or \"shared\" (one <service_id>-<provider>-dlq)."
  type        = string
  default     = "per_queue"
  nullable    = false

  validation {
    condition     = contains(["per_queue", "shared"], var.dead_letter)
    error_message = "dead_letter must be \"per_queue\" or \"shared\"."
  }
}

variable "max_receive_count" {
  description = "Receives after which a message moves to its dead-letter queue. Orleans never deletes a message whose delivery failed, so without this it would loop forever."
  type        = number
  default     = 5
  nullable    = false

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number from 1 to 1000."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long the dead-letter queues keep a message (default 14 days, the SQS maximum)."
  type        = number
  default     = 1209600
  nullable    = false

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600 && floor(var.dlq_message_retention_seconds) == var.dlq_message_retention_seconds
    error_message = "dlq_message_retention_seconds must be a whole number from 60 to 1209600."
  }
}

variable "enable_redrive_allow_policy" {
  description = "Attach a redrive-allow policy to each dead-letter queue that admits only its own source queue(s) (byQueue). Switched off only on the moto emulator, which never stores the policy."
  type        = bool
  default     = true
  nullable    = false

  validation {
    # SQS accepts at most 10 source queue ARNs in a byQueue redrive-allow policy.
    condition     = !(var.enable_redrive_allow_policy && var.dead_letter == "shared" && var.queue_count > 10)
    error_message = "A shared dead-letter queue can name at most 10 source queues in its redrive-allow policy; use dead_letter = \"per_queue\" for more than 10 queues."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer-managed KMS key for every queue. Null (default) uses SQS-managed SSE (SSE-SQS, no key to run). With a key, the app statements gain kms:GenerateDataKey and kms:Decrypt on it."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "kms_data_key_reuse_period_seconds" {
  description = "How long SQS reuses a data key before calling KMS again; used only with kms_key_arn. Longer means fewer KMS requests."
  type        = number
  default     = 300
  nullable    = false

  validation {
    condition     = var.kms_data_key_reuse_period_seconds >= 60 && var.kms_data_key_reuse_period_seconds <= 86400 && floor(var.kms_data_key_reuse_period_seconds) == var.kms_data_key_reuse_period_seconds
    error_message = "kms_data_key_reuse_period_seconds must be a whole number from 60 to 86400."
  }
}
