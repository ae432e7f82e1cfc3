output "github_variables" {
  description = "Set each as a GitHub repository variable (Settings > Secrets and variables > Actions > Variables)."
  value       = module.github_oidc.github_variables
}

output "trusted_subjects" {
  description = "The exact OIDC subjects each role trusts."
  value       = module.github_oidc.trusted_subjects
}
