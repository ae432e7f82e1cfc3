output "instance_identifier" {
  description = "DB instance identifier (\"<name_prefix>-orleans\")."
  value       = aws_db_instance.this.identifier
}

output "instance_arn" {
  description = "ARN of the DB instance."
  value       = aws_db_instance.this.arn
}

output "instance_resource_id" {
  description = "DbiResourceId of the instance: the resource part of rds-db:connect ARNs for IAM database authentication."
  value       = aws_db_instance.this.resource_id
}

output "address" {
  description = "DNS name of the instance (resolves to the private address; follows a Multi-AZ failover)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "Database that holds the Orleans tables."
  value       = aws_db_instance.this.db_name
}

output "master_username" {
  description = "Master user name (not secret; the password is only in the secret)."
  value       = aws_db_instance.this.username
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret RDS created for the master user (JSON with \"username\" and \"password\"). Known after apply."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "security_group_id" {
  description = "Security group of the database (ingress: the port, from app_security_group_id only)."
  value       = aws_security_group.db.id
}

output "parameter_group_name" {
  description = "DB parameter group attached to the instance."
  value       = aws_db_parameter_group.this.name
}

output "log_group_name" {
  description = "CloudWatch log group the PostgreSQL log is exported to."
  value       = aws_cloudwatch_log_group.postgresql.name
}

output "connection_info" {
  description = "Everything the app needs to connect, without any password: host, port, database, username, secret_arn (read the password from it), invariant (\"Npgsql\", the ADO.NET provider name Orleans' AdoNet options take)."
  value = {
    host       = aws_db_instance.this.address
    port       = aws_db_instance.this.port
    database   = aws_db_instance.this.db_name
    username   = aws_db_instance.this.username
    secret_arn = aws_db_instance.this.master_user_secret[0].secret_arn
    invariant  = "Npgsql"
  }
}

output "app_policy_statements" {
  description = "IAM statements (sid, actions, resources; all Allow) the role that reads the database password needs: GetSecretValue on the master-user secret, nothing else. Attach to the task execution role when ECS injects the password through the container definition's secrets, or to the task role when the app reads the secret itself. The secret uses the AWS-managed key aws/secretsmanager, so no KMS statement is needed. Known after apply."
  value = [
    {
      sid       = "OrleansDbSecret"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [aws_db_instance.this.master_user_secret[0].secret_arn]
    },
  ]
}
