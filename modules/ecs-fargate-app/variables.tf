variable "name_prefix" {
  description = "Prefix for every resource name (4-25 characters, lower case, e.g. \"orleans-dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,23}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 4-25 characters of a-z, 0-9 and '-', start with a letter and not end with '-'."
  }
}

variable "region" {
  description = "AWS region of the deployment, for the awslogs log driver and the task role's trust condition."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-\\d$", var.region))
    error_message = "region must be an AWS region name such as ap-northeast-1."
  }
}

################################################################################
# Network
################################################################################

variable "vpc_id" {
  description = "VPC of the tasks and their security group."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "subnet_ids" {
  description = "Subnets for the tasks (the vpc module's app_subnet_ids); use one per availability zone."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids must list at least one subnet ID (subnet-...)."
  }
}

variable "assign_public_ip" {
  description = "Give each task a public IP. Needed only when the tasks run in public subnets without NAT (the vpc module's task_assign_public_ip); the security group still admits nothing from the internet."
  type        = bool
  default     = false
  nullable    = false
}

################################################################################
# Image and size
################################################################################

variable "image" {
  description = "Full image URI with a tag or digest, e.g. 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/orleans-app:1.4.2 or ...@sha256:<64 hex>."
  type        = string

  validation {
    condition = can(regex(
      "^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?/[a-z0-9]+([._/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$",
      var.image
    )) && can(regex("(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$", var.image))
    error_message = "image must be a full image URI (registry/repository) ending in a tag (:1.2.3) or a digest (@sha256:<64 hex>); a tag-less image is rejected."
  }

  validation {
    condition     = !var.reject_mutable_latest || !can(regex(":latest$", var.image))
    error_message = "image must not use the mutable :latest tag (pin a version or a digest); dev environments may set reject_mutable_latest = false."
  }
}

variable "reject_mutable_latest" {
  description = "Reject an image that ends in :latest. Dev environments may opt out."
  type        = bool
  default     = true
  nullable    = false
}

variable "cpu" {
  description = "Task CPU units (256 = 0.25 vCPU)."
  type        = number
  default     = 512
  nullable    = false

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be a Fargate size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "memory" {
  description = "Task memory in MiB; must be a valid Fargate pairing with cpu."
  type        = number
  default     = 1024
  nullable    = false

  validation {
    condition = contains(lookup({
      "256"   = [512, 1024, 2048]
      "512"   = [for gb in range(1, 5) : gb * 1024]
      "1024"  = [for gb in range(2, 9) : gb * 1024]
      "2048"  = [for gb in range(4, 17) : gb * 1024]
      "4096"  = [for gb in range(8, 31) : gb * 1024]
      "8192"  = [for gb in range(16, 61, 4) : gb * 1024]
      "16384" = [for gb in range(32, 121, 8) : gb * 1024]
    }, tostring(var.cpu), []), var.memory)
    error_message = "memory is not a valid Fargate pairing for this cpu: 256 takes 512/1024/2048; 512 takes 1-4 GiB; 1024 takes 2-8 GiB; 2048 takes 4-16 GiB; 4096 takes 8-30 GiB (1 GiB steps); 8192 takes 16-60 GiB (4 GiB steps); 16384 takes 32-120 GiB (8 GiB steps)."
  }
}

variable "architecture" {
  description = "CPU architecture of the task: \"ARM64\" (Graviton, about 20 % cheaper; the image must be built for it) or \"X86_64\"."
  type        = string
  default     = "ARM64"
  nullable    = false

  validation {
    condition     = contains(["ARM64", "X86_64"], var.architecture)
    error_message = "architecture must be \"ARM64\" or \"X86_64\"."
  }
}

################################################################################
# Ports and lifecycle
################################################################################

variable "http_port" {
  description = "Port of the ASP.NET Core API in the container; the ALB target port."
  type        = number
  default     = 8080
  nullable    = false

  validation {
    condition     = var.http_port >= 1024 && var.http_port <= 65535 && floor(var.http_port) == var.http_port
    error_message = "http_port must be an unprivileged port, 1024 to 65535."
  }
}

variable "silo_port" {
  description = "Orleans silo-to-silo port (EndpointOptions.SiloPort); open only between the tasks."
  type        = number
  default     = 11111
  nullable    = false

  validation {
    condition     = var.silo_port >= 1024 && var.silo_port <= 65535 && floor(var.silo_port) == var.silo_port && var.silo_port != var.http_port
    error_message = "silo_port must be 1024 to 65535 and differ from http_port."
  }
}

variable "gateway_port" {
  description = "Orleans client gateway port (EndpointOptions.GatewayPort); open only between the tasks. 0 turns the gateway off: no port mapping and no security group rule."
  type        = number
  default     = 30000
  nullable    = false

  validation {
    condition = var.gateway_port == 0 || (
      var.gateway_port >= 1024 && var.gateway_port <= 65535 && floor(var.gateway_port) == var.gateway_port &&
      var.gateway_port != var.http_port && var.gateway_port != var.silo_port
    )
    error_message = "gateway_port must be 0 (off) or 1024 to 65535, different from http_port and silo_port."
  }
}

variable "stop_timeout_seconds" {
  description = "Seconds between SIGTERM and SIGKILL (container stopTimeout). The silo needs them to leave the cluster; 120 is the Fargate maximum."
  type        = number
  default     = 120
  nullable    = false

  validation {
    condition     = var.stop_timeout_seconds >= 2 && var.stop_timeout_seconds <= 120 && floor(var.stop_timeout_seconds) == var.stop_timeout_seconds
    error_message = "stop_timeout_seconds must be a whole number from 2 to 120 (the Fargate maximum)."
  }
}

variable "health_check_grace_period_seconds" {
  description = "Seconds ECS ignores failing ALB health checks after a task starts, to cover the silo joining the cluster."
  type        = number
  default     = 120
  nullable    = false

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 3600
    error_message = "health_check_grace_period_seconds must be 0 to 3600."
  }
}

################################################################################
# Load balancer wiring
################################################################################

variable "alb_security_group_id" {
  description = "Security group of the ALB; the only source admitted to http_port."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.alb_security_group_id))
    error_message = "alb_security_group_id must be a security group ID (sg-...)."
  }
}

variable "target_group_arn" {
  description = "ARN of the ALB target group (type ip) the service registers its tasks in."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:targetgroup/.+$", var.target_group_arn))
    error_message = "target_group_arn must be an ELBv2 target group ARN."
  }
}

variable "listener_arn" {
  description = "ARN of the listener that forwards to the target group. Only used to create the service after it: ECS rejects a target group that no load balancer uses yet."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:listener/.+$", var.listener_arn))
    error_message = "listener_arn must be an ELBv2 listener ARN."
  }
}

################################################################################
# Scaling and capacity
################################################################################

variable "min_count" {
  description = "Tasks at creation, and the autoscaling minimum. Without autoscaling, the fixed task count."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.min_count >= 1 && var.min_count <= 100 && floor(var.min_count) == var.min_count
    error_message = "min_count must be a whole number from 1 to 100."
  }
}

variable "max_count" {
  description = "Autoscaling maximum number of tasks."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.max_count >= var.min_count && var.max_count <= 100 && floor(var.max_count) == var.max_count
    error_message = "max_count must be a whole number, at least min_count and at most 100."
  }
}

variable "enable_autoscaling" {
  description = "Target-tracking autoscaling on average CPU between min_count and max_count. When on, autoscaling owns the desired count after creation."
  type        = bool
  default     = true
  nullable    = false
}

variable "cpu_target_percent" {
  description = "Average service CPU utilisation that autoscaling aims for."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.cpu_target_percent >= 10 && var.cpu_target_percent <= 90
    error_message = "cpu_target_percent must be 10 to 90."
  }
}

variable "use_capacity_providers" {
  description = "Place tasks through the FARGATE / FARGATE_SPOT capacity provider strategy below (default). false: plain launch type FARGATE, all on-demand, the weights ignored; meant for the moto emulator, whose CreateService drops the strategy (the service would be replaced on every apply)."
  type        = bool
  default     = true
  nullable    = false
}

variable "fargate_base" {
  description = "Tasks always placed on on-demand FARGATE before the weights apply."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.fargate_base >= 0 && var.fargate_base <= 100000 && floor(var.fargate_base) == var.fargate_base
    error_message = "fargate_base must be a whole number from 0 to 100000."
  }
}

variable "fargate_weight" {
  description = "Relative share of tasks beyond the base on on-demand FARGATE."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.fargate_weight >= 0 && var.fargate_weight <= 1000 && floor(var.fargate_weight) == var.fargate_weight
    error_message = "fargate_weight must be a whole number from 0 to 1000."
  }
}

variable "fargate_spot_weight" {
  description = "Relative share of tasks beyond the base on FARGATE_SPOT (interruptible, for dev)."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.fargate_spot_weight >= 0 && var.fargate_spot_weight <= 1000 && floor(var.fargate_spot_weight) == var.fargate_spot_weight
    error_message = "fargate_spot_weight must be a whole number from 0 to 1000."
  }

  validation {
    condition     = var.fargate_weight + var.fargate_spot_weight > 0
    error_message = "fargate_weight and fargate_spot_weight must not both be 0: ECS needs one capacity provider with a weight."
  }
}

################################################################################
# Logs and monitoring
################################################################################

variable "log_retention_days" {
  description = "Retention of the container log group, in days (a CloudWatch Logs retention value)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "log_kms_key_arn" {
  description = "KMS key ARN to encrypt the container log group with; its key policy must allow logs.<region>.amazonaws.com. Null (default): CloudWatch Logs' own encryption."
  type        = string
  default     = null

  validation {
    condition     = var.log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/.+$", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be a KMS key ARN or null."
  }
}

variable "container_insights" {
  description = "CloudWatch Container Insights on the cluster (task-level CPU, memory and network metrics; roughly $10/month for a small service). Environments may opt out for cost."
  type        = bool
  default     = true
  nullable    = false
}

################################################################################
# Configuration and permissions
################################################################################

variable "environment" {
  description = "Plain environment variables of the container. Never secrets: keys that look like one are rejected; use secrets instead."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.environment) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))])
    error_message = "environment keys must be environment variable names: letters, digits and '_', not starting with a digit."
  }

  validation {
    # A key ending in Arn whose value is an ARN is a reference to a secret, not a secret.
    condition     = alltrue([for k, v in var.environment : !can(regex("(?i)(password|secret|token|private_key|access_key)", k)) || (can(regex("(?i)arn$", k)) && startswith(v, "arn:"))])
    error_message = "environment must not carry secrets: keys containing password, secret, token, private_key or access_key are rejected (unless the key ends in Arn and the value is an ARN); pass them through secrets (Secrets Manager or SSM Parameter Store ARNs) instead."
  }
}

variable "secrets" {
  description = "Secret environment variables: name => Secrets Manager secret ARN (optionally with :json-key:stage:version) or SSM parameter ARN. The execution role may read exactly these."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.secrets) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))])
    error_message = "secrets keys must be environment variable names: letters, digits and '_', not starting with a digit."
  }

  validation {
    condition = alltrue([
      for v in values(var.secrets) : can(regex("^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:\\d{12}:secret:[^*]+|ssm:[a-z0-9-]+:\\d{12}:parameter/[^*]+)$", v))
    ])
    error_message = "secrets values must be Secrets Manager secret ARNs or SSM parameter ARNs, without wildcards."
  }

  validation {
    condition     = length(setintersection(keys(var.secrets), keys(var.environment))) == 0
    error_message = "A name must not be both in environment and in secrets."
  }
}

variable "task_role_policy_statements" {
  description = "Allow statements of the task role's one inline policy: what the app may do (DynamoDB tables, SQS queues, S3 bucket). Every action and resource must be explicit: no \"*\" action or resource, no wildcard in actions, and no table or queue creation or deletion."
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  default  = []
  nullable = false

  validation {
    condition = alltrue([
      for s in var.task_role_policy_statements : can(regex("^[A-Za-z0-9]+$", s.sid)) && length(s.actions) > 0 && length(s.resources) > 0
    ]) && length(distinct([for s in var.task_role_policy_statements : s.sid])) == length(var.task_role_policy_statements)
    error_message = "Each task_role_policy_statements entry needs a unique alphanumeric sid and at least one action and one resource."
  }

  validation {
    condition = alltrue(flatten([
      for s in var.task_role_policy_statements : [for a in s.actions : can(regex("^[a-z0-9-]+:[A-Za-z0-9]+$", a))]
    ]))
    error_message = "task_role_policy_statements actions must be explicit service:Action names; \"*\" and wildcards such as \"dynamodb:*\" or \"sqs:Get*\" are rejected."
  }

  validation {
    condition = alltrue(flatten([
      for s in var.task_role_policy_statements : [for r in s.resources : r != "*" && r != ""]
    ]))
    error_message = "task_role_policy_statements resources must be ARNs, never \"*\"."
  }

  # The app uses its tables and queues; Terraform alone creates, changes and deletes them.
  validation {
    condition = length(setintersection(
      toset(flatten([for s in var.task_role_policy_statements : [for a in s.actions : lower(a)]])),
      ["dynamodb:createtable", "dynamodb:updatetable", "dynamodb:deletetable", "sqs:createqueue", "sqs:deletequeue"]
    )) == 0
    error_message = "task_role_policy_statements must not grant dynamodb:CreateTable, dynamodb:UpdateTable, dynamodb:DeleteTable, sqs:CreateQueue or sqs:DeleteQueue: tables and queues belong to Terraform (turn off the Orleans providers' CreateIfNotExists/initialisation)."
  }
}
