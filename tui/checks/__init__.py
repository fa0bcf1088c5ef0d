"""The checks: plain modules that return findings.

No Textual or Rich import here (a test says so).
"""
