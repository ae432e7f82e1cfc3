# One-off composition root: the GitHub OIDC provider and the workflow roles
# for one repository. Run it once per AWS account with administrator
# credentials (see docs/github.md); its state stays local unless you add a
# backend, because the roles must exist before any workflow can run.

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "orleans-aws-infra"
      ManagedBy = "terraform:bootstrap/github-oidc"
    }
  }
}

module "github_oidc" {
  source = "../../modules/github-oidc"

  repository                   = var.repository
  name_prefix                  = var.name_prefix
  oidc_provider_arn            = var.oidc_provider_arn
  state_buckets                = var.state_buckets
  state_kms_key_arns           = var.state_kms_key_arns
  app_iam_name_prefixes        = var.app_iam_name_prefixes
  app_permissions_boundary_arn = var.app_permissions_boundary_arn
}
