"""Start moto's server with fixes for emulator bugs that would block a faithful stack.

Each fix is listed in `FIXES` with the reason; nothing else about moto changes.
Run as: python -m orchestrator.moto_launcher -H 127.0.0.1 -p PORT
"""

from __future__ import annotations

import json
import sys

FIXES = {
    "deny-with-unmet-condition": (
        "moto 5.2.5 applies a Deny statement whose Condition it cannot evaluate (it has no request context "
        "for keys such as aws:SecureTransport, and ignores unsupported operators such as Bool), so the "
        "statement always matches. On AWS a Deny applies only when its Condition holds. Without this "
        "fix the standard TLS-only bucket policy (Deny when aws:SecureTransport is false) blocks every "
        "object request to the snapshot and state buckets, whatever the transport."
    ),
    "dynamodb-resource-arns": (
        "moto 5.2.5 authorises every DynamoDB call against resource '*', so a task role scoped to "
        "named table ARNs (least privilege) is denied everything once IAM is enforced. The fix "
        "authorises each call as AWS does: the table (or table/index) ARN, each table of a batch, "
        "and each item of a transaction through its underlying action (PutItem, UpdateItem, "
        "DeleteItem, ConditionCheckItem, GetItem)."
    ),
    "sqs-get-queue-url-resource": (
        "moto 5.2.5 authorises GetQueueUrl against '*' (it reads the queue name from the URL path, "
        "which GetQueueUrl does not have), so a role scoped to queue ARNs cannot look its queues up."
    ),
    "ecs-create-service-fields": (
        "moto 5.2.5's CreateService drops capacityProviderStrategy (and reports launchType EC2 instead), "
        "healthCheckGracePeriodSeconds, enableECSManagedTags and availabilityZoneRebalancing, although "
        "UpdateService stores them. Terraform then sees a capacity-provider service as changed and "
        "replaces it on every plan. The fix stores what the request sent, as UpdateService does."
    ),
    "security-group-rule-description": (
        "moto 5.2.5 reports a security group rule's description only for CIDR rules; for a rule that "
        "references another security group it returns none, so every such rule shows a description "
        "change on every plan. The fix reports the description stored with the referenced group."
    ),
    "rds-parameter-source": (
        "moto 5.2.5 returns DescribeDBParameters without Source; the provider keeps only parameters whose "
        "Source is user, so every aws_db_parameter_group parameter shows as added on every plan. AWS reports "
        "parameters set through Create/ModifyDBParameterGroup as Source = user; the fix records that."
    ),
}

# CreateService request field -> the attribute moto serialises it from.
ECS_SERVICE_FIELDS = {
    "capacityProviderStrategy": "capacity_provider_strategy",
    "healthCheckGracePeriodSeconds": "health_check_grace_period_seconds",
    "enableECSManagedTags": "enable_ecs_managed_tags",
    "availabilityZoneRebalancing": "availability_zone_rebalancing",
    "enableExecuteCommand": "enable_execute_command",
}

TRANSACT_ITEM_ACTIONS = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}


def dynamodb_requirements(action: str, body: dict, region: str, account: str) -> list[tuple[str, str]]:
    """(IAM action, resource ARN) pairs AWS checks for one DynamoDB request."""

    def arn(table: str, index: str | None = None) -> str:
        base = f"arn:aws:dynamodb:{region}:{account}:table/{table}"
        return f"{base}/index/{index}" if index else base

    if action in ("BatchWriteItem", "BatchGetItem"):
        return [(action, arn(table)) for table in body.get("RequestItems", {})]
    if action in ("TransactWriteItems", "TransactGetItems"):
        pairs = []
        for item in body.get("TransactItems", []):
            for kind, spec in item.items():
                pairs.append((TRANSACT_ITEM_ACTIONS.get(kind, action), arn(spec["TableName"])))
        return pairs
    if body.get("TableName"):
        return [(action, arn(body["TableName"], body.get("IndexName")))]
    return [(action, "*")]


def _patch_dynamodb_resources() -> None:
    from moto.core.authorization import ActionAuthenticatorMixin
    from moto.dynamodb.responses import DynamoHandler
    from moto.iam.access_control import IAMRequest

    def authorize(self, resource: str = "*") -> None:
        body = self.body
        if not isinstance(body, dict):  # moto has usually parsed the JSON body already
            try:
                body = json.loads(body or "{}")
            except ValueError:
                body = {}
        requirements = dynamodb_requirements(self._get_action(), body, self.region, self.current_account)
        try:
            for action, arn in requirements:
                self._get_action = lambda action=action: action  # IAMRequest reads the action from here
                ActionAuthenticatorMixin._authenticate_and_authorize_action(self, IAMRequest, arn)
        finally:
            self.__dict__.pop("_get_action", None)

    DynamoHandler._authenticate_and_authorize_normal_action = authorize


def _patch_sqs_get_queue_url() -> None:
    from moto.sqs.exceptions import QueueDoesNotExist
    from moto.sqs.responses import SQSResponse

    original = SQSResponse._determine_resource

    def determine_resource(self) -> str:
        if self._get_action() == "GetQueueUrl":
            name = self._get_param("QueueName")
            try:
                return self.sqs_backend.get_queue(name).queue_arn
            except QueueDoesNotExist:
                return "*"
        return original(self)

    SQSResponse._determine_resource = determine_resource


def _patch_ecs_create_service() -> None:
    from moto.ecs.responses import EC2ContainerServiceResponse

    original = EC2ContainerServiceResponse.create_service

    def create_service(self):
        result = original(self)
        service = self.ecs_backend._get_service(self._get_param("cluster", "default"), self._get_param("serviceName"))
        for field, attribute in ECS_SERVICE_FIELDS.items():
            value = self._get_param(field)
            if value is not None:
                setattr(service, attribute, value)
        if self._get_param("capacityProviderStrategy") and not self._get_param("launchType"):
            service.launch_type = None  # AWS reports no launch type for a capacity-provider service
            for deployment in service.deployments:
                deployment["launchType"] = None
        return result

    EC2ContainerServiceResponse.create_service = create_service


def _patch_security_group_rule_description() -> None:
    from moto.ec2.models.security_groups import SecurityGroupRule

    def description(self):
        return self.ip_range.get("Description") or (self.source_group or {}).get("Description")

    SecurityGroupRule.description = property(description)


def _patch_rds_parameter_source() -> None:
    from moto.rds.models import DBParameterGroup

    original = DBParameterGroup.update_parameters

    def update_parameters(self, new_parameters):
        original(self, new_parameters)
        for parameter in self.parameters.values():
            parameter.setdefault("Source", "user")

    DBParameterGroup.update_parameters = update_parameters


def _patch_deny_conditions() -> None:
    from moto.iam import access_control as ac

    original = ac.IAMPolicyStatement.is_action_permitted

    def is_action_permitted(self, action, resource="*", principal=None, incoming_condition_values=None):
        statement = self._statement
        conditions = statement.get("Condition") or {}
        if statement.get("Effect") == "Deny" and conditions:
            keys = {key for operator in conditions.values() for key in operator}
            if not keys <= set(incoming_condition_values or {}):
                return ac.PermissionResult.NEUTRAL  # no context to prove the condition: the Deny does not apply
        return original(self, action, resource, principal, incoming_condition_values)

    ac.IAMPolicyStatement.is_action_permitted = is_action_permitted


def main(argv: list[str]) -> None:
    _patch_deny_conditions()
    _patch_dynamodb_resources()
    _patch_sqs_get_queue_url()
    _patch_ecs_create_service()
    _patch_security_group_rule_description()
    _patch_rds_parameter_source()
    from moto.server import main as moto_main

    moto_main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
