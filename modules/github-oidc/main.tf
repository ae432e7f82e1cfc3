# GitHub Actions -> AWS through OpenID Connect: no stored keys. Each role trusts
# exact token subjects only (StringEquals, no wildcards), so a workflow that
# renames its environment or runs on another event gets no credentials.

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  github_token_host = "token.actions.githubusercontent.com"
  audience          = "sts.amazonaws.com"
  partition         = data.aws_partition.current.partition
  account_id        = data.aws_caller_identity.current.account_id

  # The provider ARN is fixed by the account and the URL; building it keeps the
  # trust policies known at plan time, so a PR plan shows them in full.
  oidc_provider_arn = coalesce(
    var.oidc_provider_arn,
    "arn:${local.partition}:iam::${local.account_id}:oidc-provider/${local.github_token_host}",
  )

  plan_subjects = concat(
    ["repo:${var.repository}:pull_request"],
    [for name in var.plan_environments : "repo:${var.repository}:environment:${name}"],
  )
  apply_subjects = { for name in var.apply_environments : name => "repo:${var.repository}:environment:${name}" }

  # One trust policy per role: the GitHub provider, the STS audience and the
  # exact subjects, nothing else.
  trust_subjects = merge(
    { plan = local.plan_subjects },
    { for name, subject in local.apply_subjects : "apply-${name}" => [subject] },
  )
  trust_policies = {
    for role, subjects in local.trust_subjects : role => jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid       = "GitHubActionsOIDC"
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithWebIdentity"
        Principal = { Federated = local.oidc_provider_arn }
        Condition = {
          StringEquals = {
            "${local.github_token_host}:aud" = local.audience
            "${local.github_token_host}:sub" = subjects
          }
        }
      }]
    })
  }

  state_bucket_arns = [for bucket in var.state_buckets : "arn:${local.partition}:s3:::${bucket}"]
  app_role_arns     = [for prefix in var.app_iam_name_prefixes : "arn:${local.partition}:iam::${local.account_id}:role/${prefix}*"]
  app_policy_arns   = [for prefix in var.app_iam_name_prefixes : "arn:${local.partition}:iam::${local.account_id}:policy/${prefix}*"]

  # Services the stack hands its roles to (task and execution roles, RDS
  # enhanced monitoring, scaling).
  passed_to_services = [
    "ecs-tasks.amazonaws.com",
    "ecs.amazonaws.com",
    "monitoring.rds.amazonaws.com",
    "application-autoscaling.amazonaws.com",
  ]

  # Role-changing calls that must carry the boundary when one is configured.
  bounded_role_actions = [
    "iam:CreateRole",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
  ]
  other_role_actions = [
    "iam:DeleteRole",
    "iam:GetRole",
    "iam:GetRolePolicy",
    "iam:ListAttachedRolePolicies",
    "iam:ListInstanceProfilesForRole",
    "iam:ListRolePolicies",
    "iam:ListRoleTags",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
  ]
}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.oidc_provider_arn == null ? 1 : 0

  url            = "https://${local.github_token_host}"
  client_id_list = [local.audience]
  # No thumbprint_list: IAM verifies GitHub's certificate through its own
  # trusted CA library, so a pinned thumbprint would only go stale.
  tags = var.tags
}

# ---------------------------------------------------------------- plan role --

resource "aws_iam_role" "plan" {
  name                 = "${var.name_prefix}-plan"
  description          = "Read-only Terraform plan for pull requests of ${var.repository} (GitHub OIDC)."
  assume_role_policy   = local.trust_policies["plan"]
  max_session_duration = var.max_session_duration
  tags                 = var.tags

  depends_on = [aws_iam_openid_connect_provider.github]
}

# A plan refreshes every resource of the stack, across many services: the AWS
# managed read-only policy follows new services without edits here.
resource "aws_iam_role_policy_attachment" "plan_read_only" {
  role       = aws_iam_role.plan.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/ReadOnlyAccess"
}

data "aws_iam_policy_document" "plan_state" {
  statement {
    sid       = "ListStateBuckets"
    actions   = ["s3:ListBucket"]
    resources = local.state_bucket_arns
  }

  statement {
    sid       = "ReadState"
    actions   = ["s3:GetObject"]
    resources = [for arn in local.state_bucket_arns : "${arn}/*"]
  }

  # Terraform's native S3 lock (use_lockfile) writes and removes <key>.tflock
  # beside the state, even for a plan. Nothing else is writable.
  statement {
    sid       = "WriteLockFilesOnly"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = [for arn in local.state_bucket_arns : "${arn}/*.tflock"]
  }

  # A plan never needs a secret's value (RDS keeps its own password), and
  # pull requests from any branch can use this role.
  statement {
    sid       = "NoSecretValues"
    effect    = "Deny"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = length(var.state_kms_key_arns) > 0 ? [1] : []
    content {
      sid       = "UseStateKeys"
      actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
      resources = var.state_kms_key_arns
    }
  }
}

resource "aws_iam_role_policy" "plan_state" {
  name   = "terraform-state"
  role   = aws_iam_role.plan.id
  policy = data.aws_iam_policy_document.plan_state.json
}

# -------------------------------------------------------------- apply roles --

resource "aws_iam_role" "apply" {
  for_each = local.apply_subjects

  name                 = "${var.name_prefix}-apply-${each.key}"
  description          = "Terraform apply for GitHub environment ${each.key} of ${var.repository} (GitHub OIDC)."
  assume_role_policy   = local.trust_policies["apply-${each.key}"]
  max_session_duration = var.max_session_duration
  tags                 = merge(var.tags, { GitHubEnvironment = each.key })

  depends_on = [aws_iam_openid_connect_provider.github]
}

resource "aws_iam_role_policy_attachment" "apply_managed" {
  for_each = {
    for pair in setproduct(var.apply_environments, var.apply_managed_policy_arns) :
    "${pair[0]}:${pair[1]}" => { environment = pair[0], policy_arn = pair[1] }
  }

  role       = aws_iam_role.apply[each.value.environment].name
  policy_arn = each.value.policy_arn
}

# PowerUserAccess excludes IAM; the stack creates its own task, execution and
# monitoring roles, so the apply roles manage IAM under the stack's prefixes only.
data "aws_iam_policy_document" "apply_iam" {
  statement {
    sid       = "ManageStackRoles"
    actions   = var.app_permissions_boundary_arn == null ? concat(local.bounded_role_actions, local.other_role_actions) : local.other_role_actions
    resources = local.app_role_arns
  }

  dynamic "statement" {
    for_each = var.app_permissions_boundary_arn == null ? [] : [var.app_permissions_boundary_arn]
    content {
      sid       = "ChangeStackRolesWithinBoundary"
      actions   = local.bounded_role_actions
      resources = local.app_role_arns

      condition {
        test     = "StringEquals"
        variable = "iam:PermissionsBoundary"
        values   = [statement.value]
      }
    }
  }

  dynamic "statement" {
    for_each = var.app_permissions_boundary_arn == null ? [] : [1]
    content {
      sid       = "KeepBoundary"
      effect    = "Deny"
      actions   = ["iam:DeleteRolePermissionsBoundary"]
      resources = local.app_role_arns
    }
  }

  statement {
    sid = "ManageStackPolicies"
    actions = [
      "iam:CreatePolicy",
      "iam:CreatePolicyVersion",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:GetPolicy",
      "iam:GetPolicyVersion",
      "iam:ListPolicyVersions",
      "iam:TagPolicy",
      "iam:UntagPolicy",
    ]
    resources = local.app_policy_arns
  }

  statement {
    sid       = "ReadAwsManagedPolicies"
    actions   = ["iam:GetPolicy", "iam:GetPolicyVersion"]
    resources = ["arn:${local.partition}:iam::aws:policy/*"]
  }

  statement {
    sid       = "PassStackRolesToItsServices"
    actions   = ["iam:PassRole"]
    resources = local.app_role_arns

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = local.passed_to_services
    }
  }
}

resource "aws_iam_role_policy" "apply_iam" {
  for_each = aws_iam_role.apply

  name   = "stack-iam"
  role   = each.value.id
  policy = data.aws_iam_policy_document.apply_iam.json
}
