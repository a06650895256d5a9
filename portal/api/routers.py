"""The v1 router: one place that lists the API's resources."""

from rest_framework.routers import DefaultRouter

from cities.api import CityViewSet, OrganisationViewSet
from practices.api import (
    CommitmentViewSet,
    FrameworkViewSet,
    PracticeViewSet,
    TargetGroupViewSet,
    ThemeViewSet,
)
from publications.api import PublicationViewSet


class PortalRouter(DefaultRouter):
    include_format_suffixes = False


router = PortalRouter()
router.register("cities", CityViewSet, basename="city")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("themes", ThemeViewSet, basename="theme")
router.register("target-groups", TargetGroupViewSet, basename="target-group")
router.register("frameworks", FrameworkViewSet, basename="framework")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("practices", PracticeViewSet, basename="practice")
router.register("publications", PublicationViewSet, basename="publication")
