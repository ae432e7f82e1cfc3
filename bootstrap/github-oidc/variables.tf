variable "region" {
  description = "AWS region for the provider (IAM is global; this only picks the API endpoint)."
  type        = string
  default     = "ap-northeast-1"
}

variable "repository" {
  description = "GitHub repository as OWNER/REPO, exactly as GitHub spells it (for example acme/orleans-shop)."
  type        = string
}

variable "name_prefix" {
  description = "Prefix of the role names (orleans-gha gives orleans-gha-plan, orleans-gha-apply-stg, orleans-gha-apply-prod)."
  type        = string
  default     = "orleans-gha"
}

variable "oidc_provider_arn" {
  description = "ARN of an existing token.actions.githubusercontent.com provider in the account, or null to create it."
  type        = string
  default     = null
}

variable "state_buckets" {
  description = "State buckets of the environments (envs/*.json state.bucket; by default NAME_PREFIX-tfstate)."
  type        = list(string)
  default     = ["orleans-dev-tfstate", "orleans-stg-tfstate", "orleans-prod-tfstate"]
}

variable "state_kms_key_arns" {
  description = "KMS keys of the state buckets when they use SSE-KMS."
  type        = list(string)
  default     = []
}

variable "app_iam_name_prefixes" {
  description = "Name prefixes of the IAM roles and policies the stack creates (envs/*.json name_prefix followed by '-')."
  type        = list(string)
  default     = ["orleans-dev-", "orleans-stg-", "orleans-prod-"]
}

variable "app_permissions_boundary_arn" {
  description = "Optional permissions boundary the apply roles must put on every stack role (recommended; see the module README)."
  type        = string
  default     = null
}
