locals {
  https = var.certificate_arn != null
}

################################################################################
# Security group
################################################################################

resource "aws_security_group" "alb" {
  # checkov:skip=CKV_AWS_260:Port 80 is open to the internet by design: it serves the API over HTTP until a certificate is set, and then only redirects to HTTPS. checkov reports it on the group as well as on the rule once the rule exists in state.
  name        = "${var.name_prefix}-alb"
  description = "ALB of ${var.name_prefix}: listeners from the allowed CIDRs, traffic only to the app tasks"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name_prefix}-alb" }
}

# HTTP that serves the app (no certificate).
resource "aws_vpc_security_group_ingress_rule" "http" {
  for_each = local.https ? toset([]) : toset(var.ingress_cidr_blocks)
  # checkov:skip=CKV_AWS_260:Public HTTP API by design while no certificate_arn is given; with one, this rule is replaced by http_redirect.

  security_group_id = aws_security_group.alb.id
  description       = "HTTP listener from ${each.value}"
  ip_protocol       = "tcp"
  from_port         = var.listener_port
  to_port           = var.listener_port
  cidr_ipv4         = each.value
}

# HTTP that only answers with a redirect to HTTPS (certificate given).
resource "aws_vpc_security_group_ingress_rule" "http_redirect" {
  for_each = local.https ? toset(var.ingress_cidr_blocks) : toset([])
  # checkov:skip=CKV_AWS_260:Port 80 only answers with a 301 to HTTPS, so plain-http:// links still reach the site.

  security_group_id = aws_security_group.alb.id
  description       = "HTTP redirect to HTTPS from ${each.value}"
  ip_protocol       = "tcp"
  from_port         = var.listener_port
  to_port           = var.listener_port
  cidr_ipv4         = each.value

  # Swapping rules with the same port and CIDR: delete the old one first, or AWS reports a duplicate.
  depends_on = [aws_vpc_security_group_ingress_rule.http]
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  for_each = local.https ? toset(var.ingress_cidr_blocks) : toset([])

  security_group_id = aws_security_group.alb.id
  description       = "HTTPS listener from ${each.value}"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
}

# The only egress: requests and health checks to the tasks.
resource "aws_vpc_security_group_egress_rule" "to_app" {
  security_group_id            = aws_security_group.alb.id
  description                  = "Requests and health checks to the app tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.target_port
  to_port                      = var.target_port
  referenced_security_group_id = var.app_security_group_id
}

################################################################################
# Load balancer
################################################################################

resource "aws_lb" "this" {
  # checkov:skip=CKV2_AWS_28:No WAF: a WAF web ACL costs a fixed monthly fee plus per-rule fees; callers can attach one to the ARN output.
  # checkov:skip=CKV2_AWS_20:The port-80 listener forwards only while no certificate_arn is given (HTTP-only by design); with one it redirects to HTTPS.
  # checkov:skip=CKV_AWS_91:Access logs are optional (access_logs_bucket) because the log bucket and its storage are extra cost.
  name               = "${var.name_prefix}-alb"
  internal           = false
  load_balancer_type = "application"
  ip_address_type    = "ipv4"
  security_groups    = [aws_security_group.alb.id]
  subnets            = var.subnet_ids

  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
  idle_timeout               = var.idle_timeout_seconds

  dynamic "access_logs" {
    for_each = var.access_logs_bucket == null ? [] : [var.access_logs_bucket]

    content {
      enabled = true
      bucket  = access_logs.value
      prefix  = var.name_prefix
    }
  }

  tags = { Name = "${var.name_prefix}-alb" }
}

resource "aws_lb_target_group" "this" {
  # checkov:skip=CKV_AWS_378:TLS ends at the ALB; ALB-to-task traffic stays inside the VPC and is limited to the task security group.
  # The port in the name lets a port change create the new group before the old one goes.
  name                 = "${var.name_prefix}-${var.target_port}"
  vpc_id               = var.vpc_id
  target_type          = "ip"
  protocol             = "HTTP"
  port                 = var.target_port
  deregistration_delay = var.deregistration_delay_seconds

  health_check {
    enabled             = true
    protocol            = "HTTP"
    port                = "traffic-port"
    path                = var.health_check_path
    matcher             = var.health_check_matcher
    interval            = var.health_check_interval_seconds
    timeout             = var.health_check_timeout_seconds
    healthy_threshold   = var.healthy_threshold
    unhealthy_threshold = var.unhealthy_threshold
  }

  tags = { Name = "${var.name_prefix}-${var.target_port}" }

  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# Listeners
################################################################################

# Without a certificate: plain HTTP to the app. Its own resource so that its checkov skips
# vanish as soon as a certificate is configured.
resource "aws_lb_listener" "http_forward" {
  count = local.https ? 0 : 1
  # checkov:skip=CKV_AWS_2:HTTP-only public ALB by design while no certificate_arn is given; set one to get HTTPS.
  # checkov:skip=CKV_AWS_103:No TLS listener while no certificate_arn is given; the HTTPS listener uses a TLS 1.2+ policy.

  load_balancer_arn = aws_lb.this.arn
  port              = var.listener_port
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = { Name = "${var.name_prefix}-http" }
}

resource "aws_lb_listener" "http_redirect" {
  count = local.https ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = var.listener_port
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }

  tags = { Name = "${var.name_prefix}-http-redirect" }

  # Same port as http_forward: when the certificate is added or removed, the old listener must go first.
  depends_on = [aws_lb_listener.http_forward]
}

resource "aws_lb_listener" "https" {
  count = local.https ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = { Name = "${var.name_prefix}-https" }
}
