"""The repairs registry-doctor may make itself (`registry-doctor fix`, `f` in the wizard).

`plan.plan(diagnosis)` turns findings into `Repair`s (pure: no I/O); `apply` makes one with
the user's token (GitHub writes through `tui.github.writes`) or AWS credentials
(`tui.aws.calls`); `journal` records it, never a value.
"""
