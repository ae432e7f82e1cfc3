data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  container_name = "app"
  cluster_name   = var.name_prefix
  service_name   = "${var.name_prefix}-app"
  log_group_name = "/ecs/${var.name_prefix}/app"

  gateway_enabled = var.gateway_port > 0

  port_mappings = concat(
    [
      { containerPort = var.http_port, hostPort = var.http_port, protocol = "tcp" },
      { containerPort = var.silo_port, hostPort = var.silo_port, protocol = "tcp" },
    ],
    local.gateway_enabled ? [{ containerPort = var.gateway_port, hostPort = var.gateway_port, protocol = "tcp" }] : [],
  )

  # Sorted by name: ECS returns them in its own order, and a stable order keeps plans clean.
  environment = [for k in sort(keys(var.environment)) : { name = k, value = var.environment[k] }]
  secrets     = [for k in sort(keys(var.secrets)) : { name = k, valueFrom = var.secrets[k] }]

  container = merge(
    {
      name      = local.container_name
      image     = var.image
      essential = true

      portMappings = local.port_mappings
      stopTimeout  = var.stop_timeout_seconds

      # Immutable root; .NET and Orleans get a writable /tmp from the task's ephemeral storage.
      readonlyRootFilesystem = true
      privileged             = false
      mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]

      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = var.region
          awslogs-stream-prefix = local.container_name
        }
      }
    },
    # Empty lists are left out: ECS drops them, and an empty list would then show as a diff.
    length(local.environment) > 0 ? { environment = local.environment } : {},
    length(local.secrets) > 0 ? { secrets = local.secrets } : {},
  )

  capacity_provider_strategy = concat(
    var.fargate_weight > 0 || var.fargate_base > 0 ? [{ capacity_provider = "FARGATE", weight = var.fargate_weight, base = var.fargate_base }] : [],
    var.fargate_spot_weight > 0 ? [{ capacity_provider = "FARGATE_SPOT", weight = var.fargate_spot_weight, base = 0 }] : [],
  )

  # Secrets Manager ARNs may carry ":json-key:stage:version"; IAM wants the secret's own ARN.
  secret_arns_secretsmanager = distinct([for v in values(var.secrets) : join(":", slice(split(":", v), 0, 7)) if split(":", v)[2] == "secretsmanager"])
  secret_arns_ssm            = distinct([for v in values(var.secrets) : v if split(":", v)[2] == "ssm"])
}

################################################################################
# Cluster
################################################################################

resource "aws_ecs_cluster" "this" {
  name = local.cluster_name

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  dynamic "default_capacity_provider_strategy" {
    for_each = local.capacity_provider_strategy

    content {
      capacity_provider = default_capacity_provider_strategy.value.capacity_provider
      weight            = default_capacity_provider_strategy.value.weight
      base              = default_capacity_provider_strategy.value.base
    }
  }
}

resource "aws_cloudwatch_log_group" "this" {
  # checkov:skip=CKV_AWS_158:A KMS key is optional (log_kms_key_arn); by default CloudWatch Logs' own encryption avoids a CMK's fixed monthly cost.
  # checkov:skip=CKV_AWS_338:Retention is an input (default 30 days) to keep the log bill bounded; a year of application logs is a compliance choice for the caller.
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
}

################################################################################
# IAM
################################################################################

# Execution role: used by ECS itself to pull the image, write logs and fetch the secrets.
data "aws_iam_policy_document" "execution_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name_prefix}-task-execution"
  description        = "ECS task execution role of ${local.service_name}: image pull, logs, secrets"
  assume_role_policy = data.aws_iam_policy_document.execution_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "execution_secrets" {
  count = length(var.secrets) > 0 ? 1 : 0

  dynamic "statement" {
    for_each = length(local.secret_arns_secretsmanager) > 0 ? [1] : []

    content {
      sid       = "ReadContainerSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = local.secret_arns_secretsmanager
    }
  }

  dynamic "statement" {
    for_each = length(local.secret_arns_ssm) > 0 ? [1] : []

    content {
      sid       = "ReadContainerParameters"
      actions   = ["ssm:GetParameters"]
      resources = local.secret_arns_ssm
    }
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  count = length(var.secrets) > 0 ? 1 : 0

  name   = "read-container-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution_secrets[0].json
}

# Task role: what the application code may do.
data "aws_iam_policy_document" "task_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    # Confused-deputy guard: only ECS tasks of this account and region get the role.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${data.aws_partition.current.partition}:ecs:${var.region}:${data.aws_caller_identity.current.account_id}:*"]
    }
  }
}

resource "aws_iam_role" "task" {
  name               = "${var.name_prefix}-task"
  description        = "ECS task role of ${local.service_name}: the application's own AWS permissions"
  assume_role_policy = data.aws_iam_policy_document.task_assume.json
}

data "aws_iam_policy_document" "task" {
  count = length(var.task_role_policy_statements) > 0 ? 1 : 0

  dynamic "statement" {
    for_each = var.task_role_policy_statements

    content {
      sid       = statement.value.sid
      effect    = "Allow"
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "task" {
  count = length(var.task_role_policy_statements) > 0 ? 1 : 0

  name   = "app"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task[0].json
}

################################################################################
# Task definition
################################################################################

resource "aws_ecs_task_definition" "this" {
  family                   = local.service_name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.cpu)
  memory                   = tostring(var.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.architecture
  }

  # Fargate task storage, mounted at /tmp because the root filesystem is read-only.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([local.container])

  # Keep old revisions registered: a circuit-breaker rollback or a manual revert needs them.
  skip_destroy = true
}

################################################################################
# Security group
################################################################################

resource "aws_security_group" "app" {
  name        = "${var.name_prefix}-app"
  description = "Tasks of ${local.service_name}: HTTP from the ALB, Orleans ports between tasks, HTTPS out"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name_prefix}-app" }
}

resource "aws_vpc_security_group_ingress_rule" "http_from_alb" {
  security_group_id            = aws_security_group.app.id
  description                  = "API and health checks from the ALB only"
  ip_protocol                  = "tcp"
  from_port                    = var.http_port
  to_port                      = var.http_port
  referenced_security_group_id = var.alb_security_group_id
}

resource "aws_vpc_security_group_ingress_rule" "silo_from_self" {
  security_group_id            = aws_security_group.app.id
  description                  = "Orleans silo-to-silo traffic between the tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.silo_port
  to_port                      = var.silo_port
  referenced_security_group_id = aws_security_group.app.id
}

resource "aws_vpc_security_group_ingress_rule" "gateway_from_self" {
  count = local.gateway_enabled ? 1 : 0

  security_group_id            = aws_security_group.app.id
  description                  = "Orleans client gateway between the tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.gateway_port
  to_port                      = var.gateway_port
  referenced_security_group_id = aws_security_group.app.id
}

# HTTPS out for AWS APIs (DynamoDB, SQS, S3, logs) and image pulls; nothing else leaves the VPC.
resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.app.id
  description       = "HTTPS to AWS APIs and the image registry"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "silo_to_self" {
  security_group_id            = aws_security_group.app.id
  description                  = "Orleans silo-to-silo traffic between the tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.silo_port
  to_port                      = var.silo_port
  referenced_security_group_id = aws_security_group.app.id
}

resource "aws_vpc_security_group_egress_rule" "gateway_to_self" {
  count = local.gateway_enabled ? 1 : 0

  security_group_id            = aws_security_group.app.id
  description                  = "Orleans client gateway between the tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.gateway_port
  to_port                      = var.gateway_port
  referenced_security_group_id = aws_security_group.app.id
}

################################################################################
# Service
################################################################################

# Carries the listener ARN so the service can depend on it: ECS refuses a target
# group that is not yet attached to a load balancer.
resource "terraform_data" "listener" {
  input = var.listener_arn
}

# Two service resources because lifecycle.ignore_changes cannot be conditional:
# "fixed" keeps desired_count under Terraform, "autoscaled" hands it to Application Auto Scaling.
resource "aws_ecs_service" "fixed" {
  count = var.enable_autoscaling ? 0 : 1
  # checkov:skip=CKV_AWS_333:A public IP is given only when assign_public_ip is true, i.e. tasks run in public subnets with no NAT gateway (the design's low fixed cost). Inbound traffic is still limited to the ALB's security group and the app's own group, which verify checks live.

  name            = local.service_name
  cluster         = aws_ecs_cluster.this.arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.min_count
  launch_type     = var.use_capacity_providers ? null : "FARGATE"

  dynamic "capacity_provider_strategy" {
    for_each = var.use_capacity_providers ? local.capacity_provider_strategy : []

    content {
      capacity_provider = capacity_provider_strategy.value.capacity_provider
      weight            = capacity_provider_strategy.value.weight
      base              = capacity_provider_strategy.value.base
    }
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.app.id]
    assign_public_ip = var.assign_public_ip
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = local.container_name
    container_port   = var.http_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = var.health_check_grace_period_seconds
  enable_execute_command             = false
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"
  # Lets a capacity provider change roll out in place instead of replacing the service.
  force_new_deployment = true

  depends_on = [
    terraform_data.listener,
    aws_ecs_cluster_capacity_providers.this,
    aws_iam_role_policy_attachment.execution,
    aws_iam_role_policy.execution_secrets,
  ]
}

resource "aws_ecs_service" "autoscaled" {
  count = var.enable_autoscaling ? 1 : 0
  # checkov:skip=CKV_AWS_333:A public IP is given only when assign_public_ip is true, i.e. tasks run in public subnets with no NAT gateway (the design's low fixed cost). Inbound traffic is still limited to the ALB's security group and the app's own group, which verify checks live.

  name            = local.service_name
  cluster         = aws_ecs_cluster.this.arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.min_count
  launch_type     = var.use_capacity_providers ? null : "FARGATE"

  dynamic "capacity_provider_strategy" {
    for_each = var.use_capacity_providers ? local.capacity_provider_strategy : []

    content {
      capacity_provider = capacity_provider_strategy.value.capacity_provider
      weight            = capacity_provider_strategy.value.weight
      base              = capacity_provider_strategy.value.base
    }
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.app.id]
    assign_public_ip = var.assign_public_ip
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = local.container_name
    container_port   = var.http_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = var.health_check_grace_period_seconds
  enable_execute_command             = false
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"
  # Lets a capacity provider change roll out in place instead of replacing the service.
  force_new_deployment = true

  depends_on = [
    terraform_data.listener,
    aws_ecs_cluster_capacity_providers.this,
    aws_iam_role_policy_attachment.execution,
    aws_iam_role_policy.execution_secrets,
  ]

  lifecycle {
    # Application Auto Scaling owns the running count once the service exists.
    ignore_changes = [desired_count]
  }
}

locals {
  service = one(concat(aws_ecs_service.fixed, aws_ecs_service.autoscaled))
}

################################################################################
# Autoscaling
################################################################################

resource "aws_appautoscaling_target" "this" {
  count = var.enable_autoscaling ? 1 : 0

  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.autoscaled[0].name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_count
  max_capacity       = var.max_count
}

resource "aws_appautoscaling_policy" "cpu" {
  count = var.enable_autoscaling ? 1 : 0

  name               = "${local.service_name}-cpu-${var.cpu_target_percent}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  resource_id        = aws_appautoscaling_target.this[0].resource_id
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_out_cooldown = 60
    # Scale in slowly: every silo that leaves moves its grains.
    scale_in_cooldown = 300

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
