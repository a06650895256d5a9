from django.contrib.postgres.search import SearchVectorField
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import City, Organisation
from core.history import HistoricalRecords
from core.search import SearchSpec, full_text_search
from core.storage import random_file_name
from core.translated import CanonicalTexts
from practices.models import Commitment, Practice, TargetGroup, Theme
from practices.uploads import ReencodedImageField, validate_pdf_document

PUBLICATION_SEARCH = SearchSpec(
    weights={"title": "A", "subtitle": "B", "summary": "B", "event_name": "C"},
    names=(
        "cities__name",
        "event_city__name",
        "publisher__name",
        "publisher__acronym",
        "partners__name",
        "partners__acronym",
        "themes__name",
        "contributors__name",
    ),
    snippet_fields=("subtitle", "summary"),
)


def publication_file_upload_to(instance: "Publication", filename: str) -> str:
    """A random name: the file is validated as a PDF, and served under the publication's slug."""
    return f"publications/{timezone.now():%Y}/{random_file_name('pdf')}"


class PublicationQuerySet(models.QuerySet):
    def published(self) -> "PublicationQuerySet":
        return self.filter(status=Publication.Status.PUBLISHED)

    def for_listing(self) -> "PublicationQuerySet":
        return (
            self.defer("search_vector")
            .select_related("event_city", "publisher")
            .prefetch_related("themes", "contributors")
        )

    def for_detail(self) -> "PublicationQuerySet":
        return (
            self.defer("search_vector")
            .select_related("event_city", "publisher")
            .prefetch_related(
                "themes",
                "target_groups",
                "cities",
                "partners",
                "contributors",
                "commitments__framework",
                models.Prefetch("practices", queryset=Practice.objects.published().for_listing()),
            )
        )

    def involving(self, organisation: Organisation) -> "PublicationQuerySet":
        """Publications an organisation published or partnered in."""
        as_partner = Publication.partners.through.objects.filter(organisation=organisation)
        return self.filter(
            Q(publisher=organisation) | Q(pk__in=as_partner.values("publication_id"))
        )

    def about_city(self, city: City) -> "PublicationQuerySet":
        """Publications of events the city hosted, or that discuss it."""
        discussing = Publication.cities.through.objects.filter(city=city)
        return self.filter(Q(event_city=city) | Q(pk__in=discussing.values("publication_id")))

    def search(self, text: str) -> "PublicationQuerySet":
        """Publications matching a visitor's words (see core.search), with `relevance`."""
        return full_text_search(self, text, PUBLICATION_SEARCH)


class Publication(CanonicalTexts, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        WORKSHOP_REPORT = "workshop-report", _("Workshop report")
        CONFERENCE_REPORT = "conference-report", _("Conference report")
        ROUNDTABLE_REPORT = "roundtable-report", _("Roundtable report")
        PAPER = "paper", _("Paper")
        SPEECH = "speech", _("Speech")
        COMPILATION = "compilation", _("Compilation")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publication_date = models.DateField(_("publication date"), db_index=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("“Month” shows the date as “May 2017”."),
    )
    publisher = models.ForeignKey(
        Organisation,
        verbose_name=_("publisher"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="published_publications",
    )
    event_city = models.ForeignKey(
        City,
        verbose_name=_("event place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_publications",
    )
    event_name = models.CharField(_("event"), max_length=300, blank=True)
    event_start = models.DateField(_("event start"), null=True, blank=True)
    event_end = models.DateField(_("event end"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Markdown."))
    file = models.FileField(
        _("file (PDF)"),
        upload_to=publication_file_upload_to,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_document],
    )
    cover = ReencodedImageField(_("cover image"), upload_to="covers/%Y/", blank=True)
    cover_alt = models.CharField(_("cover description"), max_length=250, blank=True)
    external_url = models.URLField(_("external link"), blank=True)
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), blank=True, related_name="publications"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="publications"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="publications"
    )
    cities = models.ManyToManyField(
        City,
        verbose_name=_("cities discussed"),
        blank=True,
        related_name="publications",
    )
    practices = models.ManyToManyField(
        Practice,
        verbose_name=_("practices documented"),
        blank=True,
        related_name="publications",
    )
    commitments = models.ManyToManyField(
        Commitment, verbose_name=_("commitments discussed"), blank=True, related_name="publications"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PublicationQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=["partners", "themes", "target_groups", "cities", "practices", "commitments"],
        excluded_fields=["search_vector"],
    )

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-publication_date", "title"]
        indexes = [
            models.Index(fields=["status", "-publication_date"], name="publication_status_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(event_end__isnull=True)
                | Q(event_start__isnull=True)
                | Q(event_end__gte=models.F("event_start")),
                name="publication_event_end_not_before_start",
                violation_error_message=_("The event ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publications:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def date_display_format(self) -> str:
        """A `date` filter format as precise as the date is known (named: the reader's own)."""
        return {"year": "Y", "month": "YEAR_MONTH_FORMAT"}.get(self.date_precision, "DATE_FORMAT")


class Contributor(models.Model):
    """An author or editor of a publication, in the order the publication names them."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        SPEAKER = "speaker", _("Speaker")
        EDITOR = "editor", pgettext_lazy("role in a publication: book editor", "Editor")
        EDITOR_COORDINATOR = "editor-coordinator", _("Editor and project coordinator")
        CO_EDITOR = "co-editor", _("Co-editor")

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.CASCADE,
        related_name="contributors",
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    affiliation = models.CharField(_("affiliation"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("author or editor")
        verbose_name_plural = _("authors and editors")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name
