from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from core import session_limits  # noqa: F401  (its sign-in receiver)
        from core.cache import connect_signals
        from core.translated import select_only_named_values
        from portal import (
            checks,  # noqa: F401  (registers the deployment checks)
            languages,  # noqa: F401  (its sign-in receiver)
            two_factor,  # noqa: F401  (its sign-in receiver)
        )

        connect_signals()
        select_only_named_values()
