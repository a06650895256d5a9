from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from core.cache import connect_signals
        from portal import checks  # noqa: F401 (registers the deployment checks)

        connect_signals()
