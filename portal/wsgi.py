import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

from core.cache import CachedResponsesApplication  # after the settings module is chosen

# Cache hits (REDIS_URL set, anonymous GETs) are answered before Django's request handling.
application = CachedResponsesApplication(get_wsgi_application())
