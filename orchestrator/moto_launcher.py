"""Start moto's server with fixes for emulator bugs that would block a faithful stack.

Each fix is listed in `FIXES` with the reason; nothing else about moto changes.
Run as: python -m orchestrator.moto_launcher -H 127.0.0.1 -p PORT
"""

from __future__ import annotations

import sys

FIXES = {
    "deny-with-unmet-condition": (
        "moto 5.2.5 applies a Deny statement whose Condition it cannot evaluate (it has no request context "
        "for keys such as aws:SecureTransport, and ignores unsupported operators such as Bool), so the "
        "statement always matches. On AWS a Deny applies only when its Condition holds. Without this "
        "fix the standard TLS-only bucket policy (Deny when aws:SecureTransport is false) blocks every "
        "object request to the snapshot and state buckets, whatever the transport."
    ),
}


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
    from moto.server import main as moto_main

    moto_main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
