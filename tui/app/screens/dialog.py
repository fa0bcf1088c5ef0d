"""The CSS of the help and explanation dialogs.

Loaded with the first dialog opened (a screen's `CSS`), not with the wizard's stylesheet, so
start-up parses only what the step screens use.
"""

DIALOG_CSS = """
HelpScreen, ExplainScreen {
    align: center middle;
}

#dialog {
    width: 80%;
    max-width: 90;
    height: auto;
    max-height: 90%;
    padding: 1 2;
    border: thick $primary;
    background: $surface;
}

.dialog-title {
    margin: 0 0 1 0;
}

.dialog-hint {
    margin: 1 0 0 0;
}
"""
