output "oidc_provider_arn" {
  description = "ARN of the GitHub OIDC provider the roles trust (created here or passed in)."
  value       = local.oidc_provider_arn
}

output "plan_role_arn" {
  description = "ARN of the read-only PLAN role (pull requests and plan_environments). Store it as the repository variable AWS_PLAN_ROLE_ARN."
  value       = aws_iam_role.plan.arn
}

output "apply_role_arns" {
  description = "ARN of each APPLY role, by GitHub environment name."
  value       = { for name, role in aws_iam_role.apply : name => role.arn }
}

output "trusted_subjects" {
  description = "The exact OIDC subjects each role trusts, by role (plan, apply-ENV): what the workflows must send."
  value       = local.trust_subjects
}

output "github_variables" {
  description = "Repository variables for the workflows (name => role ARN): AWS_PLAN_ROLE_ARN and AWS_APPLY_<ENV>_ROLE_ARN. Not secrets: role ARNs grant nothing without a matching GitHub token."
  value = merge(
    { AWS_PLAN_ROLE_ARN = aws_iam_role.plan.arn },
    { for name, role in aws_iam_role.apply : "AWS_APPLY_${upper(replace(name, "-", "_"))}_ROLE_ARN" => role.arn },
  )
}
