variable "repository" {
  description = "GitHub repository allowed to assume the roles, as OWNER/REPO (for example acme/orleans-shop). Subjects are matched exactly, so this must be spelled as GitHub sends it."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$", var.repository))
    error_message = "repository must be OWNER/REPO (letters, digits, '-', '.', '_'), for example acme/orleans-shop; no wildcards."
  }
}

variable "name_prefix" {
  description = "Prefix of the IAM role and policy names this module creates (for example orleans-gha gives orleans-gha-plan, orleans-gha-apply-stg)."
  type        = string
  default     = "orleans-gha"

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,40}$", var.name_prefix))
    error_message = "name_prefix must be 1-40 characters of letters, digits and +=,.@_- (IAM role names allow 64 in total)."
  }
}

variable "oidc_provider_arn" {
  description = "ARN of an existing token.actions.githubusercontent.com OIDC provider in the account. An account holds only one provider per URL: pass its ARN when one exists already; null creates it."
  type        = string
  default     = null

  validation {
    condition     = var.oidc_provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", var.oidc_provider_arn))
    error_message = "oidc_provider_arn must be null or arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com."
  }
}

variable "apply_environments" {
  description = "GitHub environments that deploy, one APPLY role each (subject repo:OWNER/REPO:environment:NAME). Protect them in GitHub (required reviewers for prod)."
  type        = list(string)
  default     = ["stg", "prod"]

  validation {
    condition     = length(var.apply_environments) > 0 && alltrue([for name in var.apply_environments : can(regex("^[A-Za-z0-9._-]{1,40}$", name))])
    error_message = "apply_environments must list at least one GitHub environment name of letters, digits and ._- (no wildcards)."
  }

  validation {
    condition     = length(distinct(var.apply_environments)) == length(var.apply_environments)
    error_message = "apply_environments must not repeat a name."
  }
}

variable "plan_environments" {
  description = "GitHub environments whose jobs may also use the read-only PLAN role, besides pull requests of the repository. The scheduled drift check runs in environment \"drift\": a schedule has no pull request subject, and an environment (limited to the main branch in GitHub) is an exact, auditable one."
  type        = list(string)
  default     = ["drift"]

  validation {
    condition     = alltrue([for name in var.plan_environments : can(regex("^[A-Za-z0-9._-]{1,40}$", name))])
    error_message = "plan_environments must hold GitHub environment names of letters, digits and ._- (no wildcards)."
  }
}

variable "state_buckets" {
  description = "Names of the S3 buckets holding the Terraform state of the environments. The PLAN role reads them and may write only the native S3 lock files (*.tflock) in them."
  type        = list(string)

  validation {
    condition     = length(var.state_buckets) > 0 && alltrue([for b in var.state_buckets : can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", b))])
    error_message = "state_buckets must list at least one valid S3 bucket name."
  }
}

variable "state_kms_key_arns" {
  description = "KMS keys that encrypt the state buckets (SSE-KMS), so the PLAN role can read state and write lock files. Empty when the buckets use SSE-S3."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for k in var.state_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", k))])
    error_message = "state_kms_key_arns must hold KMS key ARNs."
  }
}

variable "apply_managed_policy_arns" {
  description = "Managed policies attached to every APPLY role. PowerUserAccess covers every service the stack creates except IAM; the module adds a scoped IAM statement for the stack's own roles."
  type        = list(string)
  default     = ["arn:aws:iam::aws:policy/PowerUserAccess"]

  validation {
    condition     = alltrue([for p in var.apply_managed_policy_arns : can(regex("^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/.+$", p))])
    error_message = "apply_managed_policy_arns must hold IAM policy ARNs."
  }

  validation {
    condition     = !anytrue([for p in var.apply_managed_policy_arns : endswith(p, ":policy/AdministratorAccess")])
    error_message = "apply_managed_policy_arns must not grant AdministratorAccess: the scoped IAM statement covers what the stack needs."
  }
}

variable "app_iam_name_prefixes" {
  description = "Name prefixes of the IAM roles and policies the stack creates (its name_prefix per environment, for example orleans-stg-). The APPLY roles manage IAM only under these prefixes."
  type        = list(string)
  default     = ["orleans-"]

  validation {
    condition     = length(var.app_iam_name_prefixes) > 0 && alltrue([for p in var.app_iam_name_prefixes : can(regex("^[A-Za-z0-9+=,.@_-]{3,40}$", p))])
    error_message = "app_iam_name_prefixes must list prefixes of at least 3 characters and no wildcards (the module appends the *)."
  }
}

variable "app_permissions_boundary_arn" {
  description = "Optional permissions boundary that the APPLY roles must set on every role they create or change. Recommended: without it an APPLY role could create a stack role with more rights than its own."
  type        = string
  default     = null

  validation {
    condition     = var.app_permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.app_permissions_boundary_arn))
    error_message = "app_permissions_boundary_arn must be null or a customer managed policy ARN."
  }
}

variable "max_session_duration" {
  description = "Maximum session length of the roles, in seconds (a deploy must finish within it)."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "max_session_duration must be between 3600 and 43200 seconds."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
