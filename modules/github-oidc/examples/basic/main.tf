# The module with its defaults for one repository: what bootstrap/github-oidc
# deploys, and what tests/plan/test_github_oidc.py plans.

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

variable "repository" {
  description = "GitHub repository as OWNER/REPO."
  type        = string
  default     = "acme/orleans-shop"
}

variable "oidc_provider_arn" {
  description = "An existing GitHub OIDC provider to reuse, or null to create one."
  type        = string
  default     = null
}

provider "aws" {
  region = "ap-northeast-1"
}

module "github_oidc" {
  source = "../.."

  repository        = var.repository
  oidc_provider_arn = var.oidc_provider_arn
  state_buckets     = ["orleans-dev-tfstate", "orleans-stg-tfstate", "orleans-prod-tfstate"]
  tags              = { Project = "orleans-aws-infra" }
}

output "github_variables" {
  value = module.github_oidc.github_variables
}

output "trusted_subjects" {
  value = module.github_oidc.trusted_subjects
}
