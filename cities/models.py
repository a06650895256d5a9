from django.conf import settings
from django.contrib.auth.models import User, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cities.regions import Region, countries_in, region_of
from core.history import HistoricalRecords
from core.search import name_search
from core.translated import CanonicalTexts


class CityQuerySet(models.QuerySet):
    def in_regions(self, *regions: str) -> "CityQuerySet":
        return self.filter(country__in=countries_in(*regions))

    def search(self, text: str) -> "CityQuerySet":
        """Cities whose name contains the words, accents aside ("Malmo" finds Malmö)."""
        return name_search(self, text, ("name",))


class City(CanonicalTexts, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    country = CountryField(_("country"), db_index=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("short description"), blank=True, help_text=_("Markdown."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="city_coordinates_together",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cities:detail", kwargs={"slug": self.slug})

    @property
    def region(self) -> Region | None:
        return region_of(self.country.code)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class OrganisationQuerySet(models.QuerySet):
    def search(self, text: str) -> "OrganisationQuerySet":
        """Organisations by name or acronym, accents aside."""
        return name_search(self, text, ("name", "acronym"))

    def active(self) -> "OrganisationQuerySet":
        """Organisations an editor has confirmed: the only ones public pages and the API show."""
        return self.filter(status=Organisation.Status.ACTIVE)

    def proposed(self) -> "OrganisationQuerySet":
        return self.filter(status=Organisation.Status.PROPOSED)


class Organisation(CanonicalTexts, models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PROPOSED = "proposed", _("Proposed, to be confirmed by an editor")

    class Kind(models.TextChoices):
        CITY_GOVERNMENT = "city-government", _("City government")
        REGIONAL_GOVERNMENT = "regional-government", _("Regional government")
        NATIONAL_GOVERNMENT = "national-government", _("National government")
        PUBLIC_BODY = "public-body", _("Public body or human rights institution")
        INTERNATIONAL = "international-organisation", _("International organisation")
        NGO = "ngo", _("NGO")
        MIGRANT_ORGANISATION = "migrant-organisation", _("Migrant or refugee organisation")
        BUSINESS = "business", _("Business")
        EMPLOYERS = "employers-body", _("Employers' body")
        TRADE_UNION = "trade-union", _("Trade union")
        FOUNDATION = "foundation", _("Foundation")
        ACADEMIC = "academic", _("Academic")
        NETWORK = "network", _("Network")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    country = CountryField(_("country"), blank=True, db_index=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("based in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.ACTIVE,
        db_index=True,
        help_text=_(
            "Proposed organisations were typed in by an official; they stay out of "
            "public pages until an editor confirms them or merges them."
        ),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cities:organisation", kwargs={"slug": self.slug})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Official(models.Model):
    """A user who may submit practices on behalf of a city."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="official",
    )
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="officials"
    )
    role = models.CharField(_("role"), max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("city official")
        verbose_name_plural = _("city officials")
        ordering = ["city__name", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} ({self.city})"


class UserLanguage(models.Model):
    """The interface language a user last read the portal in (cities.languages keeps it):
    mail that others' actions send them is written in it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="interface_language",
    )
    language = models.CharField(_("language"), max_length=10)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interface language")
        verbose_name_plural = _("interface languages")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"


class AccessRequest(models.Model):
    """Someone asking to submit a city's practices. Nothing is granted until an editor accepts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an editor")
        ACCEPTED = "accepted", _("Accepted: invited")
        DECLINED = "declined", _("Declined")

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"), db_index=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_requests",
    )
    city_name = models.CharField(
        _("city, if not in the list"),
        max_length=120,
        blank=True,
        help_text=_("Add the city to the catalogue and choose it above before accepting."),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    role = models.CharField(_("role"), max_length=120, blank=True)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    #: The interface language the request was made in: the answer is mailed in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(city__isnull=False) | ~Q(city_name=""),
                name="access_request_names_a_city",
                violation_error_message=_("Choose your city, or type its name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.city or self.city_name})"


PARTNERS_GROUP = "Partners"


class PartnerAccountManager(UserManager):
    """Only partner accounts: in the Partners group, never staff."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(groups__name=PARTNERS_GROUP, is_staff=False, is_superuser=False)
        )


class PartnerAccount(User):
    """A partner organisation's account: never staff, it uses the API with a token."""

    objects = PartnerAccountManager()

    class Meta:
        proxy = True
        verbose_name = _("partner account")
        verbose_name_plural = _("partner accounts")
