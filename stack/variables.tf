# The composition's inputs mirror the sections of envs/*.json (see envs/schema.json);
# the orchestrator renders them into terraform.tfvars.json. Defaults here are the
# safe ones, so a missing key never weakens an environment.

variable "environment" {
  description = "Environment name (local, dev, stg, prod)."
  type        = string
}

variable "tier" {
  description = "Safety tier: dev, stg or prod. stg and prod protect data and reject mutable image tags."
  type        = string
  default     = "prod"
  validation {
    condition     = contains(["dev", "stg", "prod"], var.tier)
    error_message = "tier must be dev, stg or prod."
  }
}

variable "name_prefix" {
  description = "Prefix for every resource name."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,23}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 4-25 lower-case letters, digits or hyphens."
  }
}

variable "network" {
  description = "VPC layout: AZs, private subnets, NAT, interface endpoints, flow logs."
  type = object({
    vpc_cidr            = optional(string, "10.0.0.0/16")
    availability_zones  = list(string)
    private_subnets     = optional(bool, false)
    nat_gateway         = optional(string, "none")
    interface_endpoints = optional(list(string), [])
    flow_logs           = optional(bool, false)
  })
}

variable "orleans" {
  description = "Orleans cluster identity, ports, stream provider and state backend."
  type = object({
    backend                     = optional(string, "dynamodb")
    keep_both_backends          = optional(bool, false)
    cluster_id                  = string
    service_id                  = string
    silo_port                   = optional(number, 11111)
    gateway_port                = optional(number, 30000)
    stream_provider             = optional(string, "SQSProvider")
    stream_queue_count          = optional(number, 4)
    grain_state_delete_on_clear = optional(bool, false)
    grain_state_ttl             = optional(bool, false)
    table_names = optional(object({
      clustering  = optional(string)
      grain_state = optional(string)
      reminders   = optional(string)
    }), {})
  })
  validation {
    condition     = contains(["dynamodb", "rds"], var.orleans.backend)
    error_message = "orleans.backend must be dynamodb or rds."
  }
}

variable "streams" {
  description = "SQS stream queue settings."
  type = object({
    visibility_timeout_seconds = optional(number, 60)
    message_retention_seconds  = optional(number, 345600)
    receive_wait_time_seconds  = optional(number, 20)
    max_message_size           = optional(number, 262144)
    dead_letter                = optional(string, "per_queue")
    max_receive_count          = optional(number, 5)
  })
  default = {}
}

variable "dynamodb" {
  description = "DynamoDB table protection."
  type = object({
    deletion_protection    = optional(bool, true)
    point_in_time_recovery = optional(bool, true)
  })
  default = {}
}

variable "snapshots" {
  description = "Snapshot bucket settings."
  type = object({
    noncurrent_version_expiration_days = optional(number, 30)
    force_destroy                      = optional(bool, false)
  })
  default = {}
}

variable "app" {
  description = "The container that runs the API and the Orleans silo."
  type = object({
    image                             = string
    cpu                               = optional(number, 512)
    memory                            = optional(number, 1024)
    architecture                      = optional(string, "ARM64")
    http_port                         = optional(number, 8080)
    health_check_path                 = optional(string, "/health/ready")
    health_check_grace_period_seconds = optional(number, 120)
    min_count                         = optional(number, 1)
    max_count                         = optional(number, 2)
    cpu_target_percent                = optional(number, 60)
    fargate_weight                    = optional(number, 1)
    fargate_spot_weight               = optional(number, 0)
    fargate_base                      = optional(number, 1)
    log_retention_days                = optional(number, 30)
    environment                       = optional(map(string), {})
  })
}

variable "alb" {
  description = "Public load balancer settings."
  type = object({
    listener_port                = optional(number, 80)
    certificate_arn              = optional(string)
    deletion_protection          = optional(bool, true)
    deregistration_delay_seconds = optional(number, 15)
    idle_timeout_seconds         = optional(number, 60)
  })
  default = {}
}

variable "monitoring" {
  description = "Observability that costs money: Container Insights on the ECS cluster."
  type = object({
    container_insights = optional(bool, true)
  })
  default = {}
}

variable "rds" {
  description = "PostgreSQL settings, used only when orleans.backend = rds."
  type = object({
    instance_class        = optional(string, "db.t4g.micro")
    allocated_storage_gb  = optional(number, 20)
    multi_az              = optional(bool, false)
    backup_retention_days = optional(number, 7)
    deletion_protection   = optional(bool, true)
  })
  default = {}
}

variable "enable_autoscaling" {
  description = "Target-tracking CPU autoscaling of the service. Switched off only on the emulator (see orchestrator/emulator.py)."
  type        = bool
  default     = true
}

variable "enable_redrive_allow_policy" {
  description = "Redrive-allow policies on the dead-letter queues. Switched off only on the emulator (see orchestrator/emulator.py)."
  type        = bool
  default     = true
}

variable "enable_performance_insights" {
  description = "Performance Insights on the Orleans database (rds backend). Switched off only on the emulator (see orchestrator/emulator.py)."
  type        = bool
  default     = true
}
