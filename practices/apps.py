from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Practices")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from core.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="ice_sqlite_search")
