"""The v1 router: one place that lists the API's resources."""

from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView, DefaultRouter

from cities.api import CityViewSet, OrganisationViewSet
from practices.api import (
    CommitmentViewSet,
    FrameworkViewSet,
    PracticeViewSet,
    TargetGroupViewSet,
    ThemeViewSet,
)
from publications.api import PublicationViewSet


class PortalRootView(APIRootView):
    """The resources, and the search box's suggestions (a view of its own, not a resource)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["suggest"] = reverse("api-suggest", request=request)
        return response


class PortalRouter(DefaultRouter):
    include_format_suffixes = False
    APIRootView = PortalRootView


router = PortalRouter()
router.register("cities", CityViewSet, basename="city")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("themes", ThemeViewSet, basename="theme")
router.register("target-groups", TargetGroupViewSet, basename="target-group")
router.register("frameworks", FrameworkViewSet, basename="framework")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("practices", PracticeViewSet, basename="practice")
router.register("publications", PublicationViewSet, basename="publication")
