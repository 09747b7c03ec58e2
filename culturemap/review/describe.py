"""How a logged decision is named to the consultant (what ``review --undo`` says it undid)."""
from __future__ import annotations


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _describe(group: list[dict]) -> str:
    first = group[0]
    action = first.get("action", "")
    interviews = sorted({e.get("interview", "") for e in group})
    where = ", ".join(interviews[:3]) + (", \u2026" if len(interviews) > 3 else "")
    item = first.get("after") or first.get("before") or {}
    if action.endswith("-all"):
        n = len(group)
        was = {(e.get("before") or {}).get("status") for e in group}
        back = "open suggestions again" if was == {"suggested"} else "back to their earlier status"
        return f"{action} of {n} item{'s' if n != 1 else ''} ({where}): {back}"
    if len(group) > 1 and action != "change-code":       # another batch (e.g. apply-reference)
        return f"{action} of {len(group)} items ({where})"
    quote = _short(item.get("text", ""))
    if first.get("kind") == "tag":
        what = f"tag {item.get('code', '?')}"
    else:
        what = f"link {item.get('cause', '?')} -> {item.get('effect', '?')}"
    if action == "change-code":
        old = first.get("before") or {}
        new = (group[-1].get("after") or {})
        if first.get("kind") == "tag":
            what = f"code change {old.get('code', '?')} -> {new.get('code', '?')}"
        else:
            what = (f"link change {old.get('cause', '?')} -> {old.get('effect', '?')} to "
                    f"{new.get('cause', '?')} -> {new.get('effect', '?')}")
        return f"{what} in {where}: \"{quote}\""
    if action in ("add-tag", "add-link"):
        return f"manual {what} in {where}: \"{quote}\""
    return f"{action} of {what} in {where}: \"{quote}\""
