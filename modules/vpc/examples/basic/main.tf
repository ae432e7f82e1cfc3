provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "orleans-aws-infra"
      Environment = "example"
    }
  }
}

module "vpc" {
  source = "../.."

  name_prefix              = var.name_prefix
  cidr_block               = var.cidr_block
  availability_zones       = var.availability_zones
  create_private_subnets   = var.create_private_subnets
  nat_gateway              = var.nat_gateway
  interface_endpoints      = var.interface_endpoints
  flow_logs_enabled        = var.flow_logs_enabled
  flow_logs_retention_days = var.flow_logs_retention_days
}
