variable "name_prefix" {
  description = "Prefix for every resource name and Name tag (4-25 characters, lower case, e.g. \"orleans-dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,23}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 4-25 characters of a-z, 0-9 and '-', start with a letter and not end with '-'."
  }
}

variable "cidr_block" {
  description = "IPv4 CIDR of the VPC, /16 to /24. Subnets are carved as /(prefix+4): public from the first slots, private from slot 8 on."
  type        = string
  default     = "10.0.0.0/16"
  nullable    = false

  validation {
    condition = (
      can(cidrhost(var.cidr_block, 0)) &&
      can(regex("^\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$", var.cidr_block)) &&
      try(tonumber(split("/", var.cidr_block)[1]) >= 16 && tonumber(split("/", var.cidr_block)[1]) <= 24, false) &&
      try(cidrsubnet(var.cidr_block, 0, 0) == var.cidr_block, false)
    )
    error_message = "cidr_block must be an IPv4 network address with a prefix length from /16 to /24, e.g. 10.0.0.0/16."
  }
}

variable "availability_zones" {
  description = "Availability zones to spread the subnets over: 2 or 3 names, e.g. [\"ap-northeast-1a\", \"ap-northeast-1c\"]. An input rather than a data source so the layout never shifts when AWS adds a zone."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2 && length(var.availability_zones) <= 3
    error_message = "availability_zones must list 2 or 3 zones: the ALB needs two, and more than three only adds cost."
  }

  validation {
    condition     = length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "availability_zones must not repeat a zone."
  }

  validation {
    condition     = alltrue([for az in var.availability_zones : can(regex("^[a-z]{2}(-[a-z]+)+-\\d[a-z]$", az))])
    error_message = "Each availability zone must be a zone name such as ap-northeast-1a."
  }
}

variable "create_private_subnets" {
  description = "Create one private subnet per zone (for a database, or for tasks once a NAT gateway or interface endpoints give them a way out)."
  type        = bool
  default     = false
  nullable    = false
}

variable "nat_gateway" {
  description = "NAT for the private subnets: \"none\" (default, free), \"single\" (one NAT gateway, one zone) or \"per_az\" (one per zone). Anything but \"none\" needs create_private_subnets."
  type        = string
  default     = "none"
  nullable    = false

  validation {
    condition     = contains(["none", "single", "per_az"], var.nat_gateway)
    error_message = "nat_gateway must be \"none\", \"single\" or \"per_az\"."
  }

  validation {
    condition     = var.nat_gateway == "none" || var.create_private_subnets
    error_message = "nat_gateway other than \"none\" needs create_private_subnets = true: a NAT gateway only serves private subnets."
  }
}

variable "interface_endpoints" {
  description = "Paid interface endpoints to create in the private subnets: any of \"ecr.api\", \"ecr.dkr\", \"logs\", \"sqs\", \"sts\", \"secretsmanager\". Needs create_private_subnets. Without a NAT gateway, tasks can only start when ecr.api, ecr.dkr and logs are all present."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for e in var.interface_endpoints : contains(["ecr.api", "ecr.dkr", "logs", "sqs", "sts", "secretsmanager"], e)])
    error_message = "interface_endpoints may only contain \"ecr.api\", \"ecr.dkr\", \"logs\", \"sqs\", \"sts\" and \"secretsmanager\"."
  }

  validation {
    condition     = length(var.interface_endpoints) == 0 || var.create_private_subnets
    error_message = "interface_endpoints need create_private_subnets = true: the endpoints live in the private subnets."
  }

  # Without NAT the endpoints are the tasks' only way to pull the image and ship logs.
  validation {
    condition = (
      length(var.interface_endpoints) == 0 || var.nat_gateway != "none" ||
      length(setintersection(var.interface_endpoints, ["ecr.api", "ecr.dkr", "logs"])) == 3
    )
    error_message = "Without a NAT gateway, interface_endpoints must include \"ecr.api\", \"ecr.dkr\" and \"logs\", or Fargate tasks in the private subnets cannot pull their image or write logs."
  }
}

variable "flow_logs_enabled" {
  description = "Send VPC flow logs (all traffic) to a CloudWatch log group. Off by default to keep the bill low; production turns it on."
  type        = bool
  default     = false
  nullable    = false
}

variable "flow_logs_retention_days" {
  description = "Retention of the flow log group, in days (a CloudWatch Logs retention value)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_logs_retention_days)
    error_message = "flow_logs_retention_days must be a CloudWatch Logs retention value: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}
