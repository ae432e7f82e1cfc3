"""orleans-aws-infra orchestrator: validate an environment, render Terraform, plan, apply, verify."""
