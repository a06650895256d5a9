"""Framework-level helpers shared by every app. It imports no app of the portal."""
