"""What a plan will do, from `terraform show -json`: counts, and every delete or replace."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Change:
    address: str
    resource_type: str
    actions: tuple[str, ...]
    reason: str | None = None
    replace_paths: tuple[str, ...] = ()

    @property
    def is_replace(self) -> bool:
        return "delete" in self.actions and "create" in self.actions

    @property
    def is_delete(self) -> bool:
        return self.actions == ("delete",)

    def why(self) -> str:
        """A short human reason for a delete or replace."""
        if self.replace_paths:
            return f"replaced because {', '.join(self.replace_paths)} changed"
        if self.reason:
            return self.reason.replace("_", " ")
        return "replaced" if self.is_replace else "removed from the configuration"


@dataclass(frozen=True)
class PlanSummary:
    add: int
    change: int
    destroy: int
    changes: tuple[Change, ...] = field(default_factory=tuple)
    outputs_changed: tuple[str, ...] = ()  # outputs alone change too: they still need an apply

    @property
    def has_changes(self) -> bool:
        return bool(self.add or self.change or self.destroy or self.outputs_changed)

    @property
    def destructive(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.is_delete or c.is_replace)

    def line(self) -> str:
        text = f"{self.add} to add, {self.change} to change, {self.destroy} to destroy"
        return text + (f" (outputs changed: {', '.join(self.outputs_changed)})" if self.outputs_changed else "")


def _path_text(path: list[Any]) -> str:
    return ".".join(str(p) for p in path)


def summarize(plan: dict[str, Any]) -> PlanSummary:
    add = change = destroy = 0
    changes = []
    for rc in plan.get("resource_changes", []):
        actions = tuple(rc.get("change", {}).get("actions", []))
        if actions in (("no-op",), ("read",)) or not actions:
            continue
        if "create" in actions:
            add += 1
        if "delete" in actions:
            destroy += 1
        if actions == ("update",):
            change += 1
        changes.append(
            Change(
                address=rc["address"],
                resource_type=rc.get("type", ""),
                actions=actions,
                reason=rc.get("action_reason"),
                replace_paths=tuple(_path_text(p) for p in rc.get("change", {}).get("replace_paths", []) or []),
            )
        )
    outputs = tuple(
        sorted(name for name, oc in (plan.get("output_changes") or {}).items() if oc.get("actions") not in (["no-op"], None))
    )
    return PlanSummary(add=add, change=change, destroy=destroy, changes=tuple(changes), outputs_changed=outputs)
