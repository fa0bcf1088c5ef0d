"""The steps: one module per step of `tui.steps` (context, secrets, naming, github, login, pull,
ecr) and the runner (`diagnosis`). Each returns findings; the domains they lean on are the wings
beside this package (workspace, logs, registry, github, aws, secretsets).

No Textual or Rich import here (a test says so).
"""
