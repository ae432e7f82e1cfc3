variable "region" {
  description = "AWS region."
  type        = string
  default     = "ap-northeast-1"
}

variable "name_prefix" {
  description = "Prefix for every resource name."
  type        = string
  default     = "orleans-example"
}

variable "cidr_block" {
  description = "IPv4 CIDR of the VPC."
  type        = string
  default     = "10.10.0.0/16"
}

variable "availability_zones" {
  description = "2 or 3 availability zones."
  type        = list(string)
  default     = ["ap-northeast-1a", "ap-northeast-1c"]
}

variable "create_private_subnets" {
  description = "Create private subnets."
  type        = bool
  default     = false
}

variable "nat_gateway" {
  description = "\"none\", \"single\" or \"per_az\"."
  type        = string
  default     = "none"
}

variable "interface_endpoints" {
  description = "Interface endpoints to create."
  type        = set(string)
  default     = []
}

variable "flow_logs_enabled" {
  description = "Enable VPC flow logs."
  type        = bool
  default     = false
}

variable "flow_logs_retention_days" {
  description = "Flow log retention in days."
  type        = number
  default     = 30
}
