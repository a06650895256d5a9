import calendar
import datetime
import functools
import re
import uuid
from collections import defaultdict

from django.conf import settings
from django.contrib.postgres.search import (
    SearchVectorField,
    TrigramDistance,
    TrigramSimilarity,
)
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import Count, F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import City, Organisation
from core.history import HistoricalRecords
from core.search import (
    SearchSpec,
    Vocabulary,
    every_language,
    full_text_search,
    suggest_correction,
)
from core.storage import private_storage
from core.translated import CanonicalTexts, text_columns
from practices.uploads import ReencodedImageField, validate_pdf_document

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


class Taxonomy(CanonicalTexts, models.Model):
    """An editor-curated term: a theme or a target group."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Theme(Taxonomy):
    history = HistoricalRecords()

    class Meta(Taxonomy.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def get_absolute_url(self) -> str:
        return reverse("practices:theme", kwargs={"slug": self.slug})


class TargetGroup(Taxonomy):
    history = HistoricalRecords()

    class Meta(Taxonomy.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def get_absolute_url(self) -> str:
        return f"{reverse('practices:list')}?target_group={self.slug}"


class Framework(CanonicalTexts, models.Model):
    """A policy framework whose numbered commitments practices implement."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    adopted_year = models.PositiveSmallIntegerField(
        _("adopted in"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="frameworks",
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("policy framework")
        verbose_name_plural = _("policy frameworks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("frameworks:detail", kwargs={"slug": self.slug})


class Commitment(CanonicalTexts, models.Model):
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("Framework slug and number.")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["framework__name", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="commitment_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        """Its place on its framework's page."""
        return commitment_url(self.framework.slug, self.slug)


def commitment_url(framework_slug: str, commitment_slug: str) -> str:
    return f"{reverse('frameworks:detail', kwargs={'slug': framework_slug})}#{commitment_slug}"


def links_by_commitment(
    through: type[models.Model],
    owner: str,
    published: Q,
    commitments: list[int],
    *,
    first: int,
    order_by: tuple[str, ...],
    counts: dict[int, int] | None = None,
) -> tuple[dict[int, int], dict[int, list]]:
    """How many published records (practices or publications) link to each commitment, and
    the first `first` of them per commitment, in two queries whatever the catalogue's size.

    `through` is the records' link table to Commitment, `owner` its field naming the record,
    `published` the published condition on that record (`practice__status=…`). The counts
    are one grouped read of the link table; the first records one read numbered per
    commitment (a window function) and cut at `first`. Counts known otherwise (`counts`,
    e.g. the facet totals on PostgreSQL) are not read again.
    """
    links = through.objects.filter(published, commitment_id__in=commitments)
    if counts is None:
        counts = dict(
            links.values("commitment_id")
            .annotate(total=Count(f"{owner}_id"))
            .order_by()
            .values_list("commitment_id", "total")
        )
    owner_model = links.model._meta.get_field(owner).related_model
    ranked = (
        links.annotate(
            rank=models.Window(
                RowNumber(),
                partition_by=[F("commitment_id")],
                order_by=[
                    F(f"{owner}__{field.lstrip('-')}").desc()
                    if field.startswith("-")
                    else F(f"{owner}__{field}").asc()
                    for field in order_by
                ],
            )
        )
        .filter(rank__lte=first)
        .select_related(owner)
        .only(
            "commitment_id",
            f"{owner}__slug",
            *(f"{owner}__{name}" for name in text_columns(owner_model, "title")),
        )
        .order_by("commitment_id", "rank")
    )
    firsts: dict[int, list] = defaultdict(list)
    for link in ranked:
        firsts[link.commitment_id].append(getattr(link, owner))
    return counts, firsts


def ongoing_condition(year: int | None = None) -> Q:
    """Still running in the given year (this year by default): no end year, or a later one."""
    return Q(end_year__isnull=True) | Q(end_year__gte=year or timezone.now().year)


def ended_condition(year: int | None = None) -> Q:
    return Q(end_year__lt=year or timezone.now().year)


def stale_before(months: int, today: datetime.date | None = None) -> datetime.date:
    """The day `months` months before today (the end of a shorter month when it has no such day)."""
    today = today or timezone.localdate()
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


class PracticeQuerySet(models.QuerySet):
    def published(self) -> "PracticeQuerySet":
        return self.filter(status=Practice.Status.PUBLISHED)

    def verified_since(self, day: datetime.date) -> "PracticeQuerySet":
        return self.filter(last_verified__gte=day)

    def stale(self, *, months: int, today: datetime.date | None = None) -> "PracticeQuerySet":
        """Practices no editor has confirmed for `months` months, or ever."""
        return self.filter(
            Q(last_verified__isnull=True) | Q(last_verified__lt=stale_before(months, today))
        )

    def for_listing(self) -> "PracticeQuerySet":
        return (
            self.defer("search_vector", "search_rank_vector")
            .select_related("lead_organisation")
            .prefetch_related("cities", "themes", "target_groups")
        )

    def for_cards(self) -> "PracticeQuerySet":
        """for_listing() for lists of cards, which show a summary and maybe an excerpt.

        On PostgreSQL excerpts are cut in SQL, so the long texts (four, in five languages:
        most of a row) stay unread; elsewhere excerpts are cut from them in Python.
        """
        listing = self.for_listing()
        if connections[self.db].vendor == "postgresql":
            return listing.defer(*LONG_TEXT_FIELDS)
        return listing

    def for_detail(self) -> "PracticeQuerySet":
        return (
            self.defer("search_vector", "search_rank_vector")
            .select_related("lead_organisation", "lead_organisation__city")
            .prefetch_related(
                "cities",
                models.Prefetch("partners", queryset=Organisation.objects.active()),
                "themes",
                "target_groups",
                "outcomes",
                "commitments__framework",
                "documents",
                "adapted_from",  # all of them, for practices.versions' snapshot
                *lineage_prefetches(),
            )
        )

    def without_long_texts(self) -> "PracticeQuerySet":
        """The practices without their long texts, for lists that show a summary."""
        return self.defer("search_vector", "search_rank_vector", *LONG_TEXT_FIELDS)

    def involving(self, organisation: Organisation) -> "PracticeQuerySet":
        """Practices an organisation leads or is a partner in."""
        as_partner = Practice.partners.through.objects.filter(organisation=organisation)
        return self.filter(
            Q(lead_organisation=organisation) | Q(pk__in=as_partner.values("practice_id"))
        )

    def similar_titles(self, title: str, cities=()) -> "PracticeQuerySet":
        """Practices whose title resembles `title`, most alike first, in any of `cities`
        (any practice when no city is given), as a hint against duplicates.

        PostgreSQL compares trigrams (pg_trgm's `%` and `<->`, served by the GiST trigram
        index on title); other databases share at least half of the title's significant words.
        """
        words = significant_words(title)
        if not words:
            return self.none()
        city_ids = [getattr(city, "pk", city) for city in cities]
        candidates = self
        if city_ids:
            in_cities = Practice.cities.through.objects.filter(city_id__in=city_ids)
            candidates = self.filter(pk__in=in_cities.values("practice_id"))
        title = " ".join(title.split())
        if connections[self.db].vendor == "postgresql":
            alike = candidates.filter(title__trigram_similar=title).annotate(
                similarity=TrigramSimilarity("title", title)
            )
            if city_ids:
                # A city's few hundred practices are read by the city index, then ranked.
                return alike.order_by("-similarity", "title")
            # Any practice: by distance alone (a tiebreak would defeat it), so the GiST
            # trigram index hands out the nearest titles first and a LIMIT stops it early.
            return alike.order_by(TrigramDistance("title", title))
        matches = Q()
        for word in words:
            matches |= Q(title__icontains=word)
        scores = {}
        for pk, other in candidates.filter(matches).values_list("pk", "title")[:500]:
            shared = len(words & significant_words(other))
            score = shared / max(len(words), 1)
            if score >= 0.5:
                scores[pk] = score
        ranked = sorted(scores, key=lambda pk: -scores[pk])
        return (
            self.filter(pk__in=ranked)
            .annotate(
                similarity=models.Case(
                    *[models.When(pk=pk, then=models.Value(scores[pk])) for pk in ranked],
                    default=models.Value(0.0),
                    output_field=models.FloatField(),
                )
            )
            .order_by("-similarity", "title")
        )

    def search(self, text: str) -> "PracticeQuerySet":
        """Practices matching a visitor's words (see core.search), with `relevance`."""
        return full_text_search(self, text, PRACTICE_SEARCH)

    def search_correction(self, text: str) -> str | None:
        """A corrected search when a word looks mistyped ("mentorng" → "mentoring")."""
        return suggest_correction(self, text, vocabulary=PRACTICE_VOCABULARY)

    def ongoing(self, year: int | None = None) -> "PracticeQuerySet":
        return self.filter(ongoing_condition(year))

    def ended(self, year: int | None = None) -> "PracticeQuerySet":
        return self.filter(ended_condition(year))

    def active_from(self, year: int) -> "PracticeQuerySet":
        """Practices known to run in or after the given year.

        One that ended then or later, or an ongoing one (no end year) whose start is
        known; a practice with neither year is not counted as a match.
        """
        return self.filter(
            Q(end_year__gte=year) | Q(end_year__isnull=True, start_year__isnull=False)
        )

    def active_until(self, year: int) -> "PracticeQuerySet":
        """Practices known to have started by the given year (start year unknown: left out)."""
        return self.filter(start_year__lte=year)

    def related_to(
        self, practice: "Practice", *, pool: int = 200, limit: int | None = None
    ) -> "PracticeQuerySet":
        """Other published practices ranked by the cities, target groups and themes they share,
        the first `limit` of them (all when None).

        Bounded whatever the catalogue's size: the candidates are at most `pool` of the
        newest practices per kind of shared term, read from the link tables' indexes, and
        only those are ranked. With a limit they are ranked by id alone and only the chosen
        rows are read whole: grouping whole rows (every text in every language) sorted
        megabytes for each practice page.
        """
        shared = {
            relation: [term.pk for term in getattr(practice, relation).all()]
            for relation in RELATED_BY
        }
        shared = {relation: ids for relation, ids in shared.items() if ids}
        if not shared:
            return self.none()
        candidates = _related_candidates(practice.pk, shared, pool)
        score = sum(
            (
                Count(relation, filter=Q(**{f"{relation}__in": ids}), distinct=True)
                for relation, ids in shared.items()
            ),
            start=models.Value(0),
        )
        ordering = ("-shared_terms", "title", "pk")
        ranked = self.published().filter(pk__in=candidates).annotate(shared_terms=score)
        if limit is None:
            return ranked.order_by(*ordering)
        chosen = ranked.order_by(*ordering).values("pk")[:limit]
        return self.filter(pk__in=chosen).annotate(shared_terms=score).order_by(*ordering)


LONG_TEXT_FIELDS = ("context", "approach", "results", "lessons")


def lineage_prefetches() -> list[models.Prefetch]:
    """The published practices one was adapted from and adapted into, as
    `public_adapted_from` and `public_adapted_by`: an unpublished one is never shown."""
    linked = (
        Practice.objects.published()
        .only("pk", "slug", "status", *text_columns(Practice, "title"))
        .order_by("title")
    )
    return [
        models.Prefetch("adapted_from", queryset=linked, to_attr="public_adapted_from"),
        models.Prefetch("adapted_by", queryset=linked, to_attr="public_adapted_by"),
    ]


#: The columns of a related record's summary, in PracticeQuerySet.summaries(); a relation whose
#: model lacks one has "" there (and a position of 0 if ordered by name).
SUMMARY_COLUMNS = ("name", "slug", "country", "acronym", "kind", "position")
SUMMARY_RELATIONS = ("cities", "lead_organisation", "partners", "themes", "target_groups")


def related_summaries(practice_ids: list[int], *relations: str) -> dict[str, dict[int, list]]:
    """Summaries of the records related to these practices (SUMMARY_COLUMNS), by relation and
    practice id, each relation in its model's order: one query for all of them.

    Written in SQL: the ORM takes longer to build and compile this union than the database
    takes to run it, and an API page runs it on every request.
    """
    result = {relation: defaultdict(list) for relation in relations}
    if not practice_ids or not relations:
        return result
    alias = Practice.objects.db
    placeholders = ", ".join(["%s"] * len(practice_ids))
    language = translation.get_language() or settings.LANGUAGE_CODE
    parts = [
        _summary_select(relation, alias, language).format(ids=placeholders)
        for relation in relations
    ]
    # Sorted by relation, practice, then position, name and slug: each model's own order.
    sql = " UNION ALL ".join(parts) + " ORDER BY 1, 2, 8, 3, 4"
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [*practice_ids] * len(relations))
        for part, owner, *values in cursor.fetchall():
            result[part][owner].append(dict(zip(SUMMARY_COLUMNS, values, strict=True)))
    return result


@functools.cache
def _summary_select(relation: str, alias: str, language: str) -> str:
    """SELECT relation, practice id, SUMMARY_COLUMNS of one relation; `{ids}` marks the ids.

    A translated name (a theme's) is the `language`'s, else the base column's (English)."""
    quote = connections[alias].ops.quote_name
    field = Practice._meta.get_field(relation)
    target = field.related_model
    own = {f.name for f in target._meta.concrete_fields}

    def column(name: str) -> str:
        if name not in own:
            return "0" if name == "position" else "''"
        base = f"t.{quote(target._meta.get_field(name).column)}"
        localized = f"{name}_{language}"
        if localized in own and every_language(target, name) != [name]:
            return f"coalesce(nullif(t.{quote(localized)}, ''), {base})"
        return base

    columns = ", ".join(column(name) for name in SUMMARY_COLUMNS)
    table, key = quote(target._meta.db_table), quote(target._meta.pk.column)
    if field.many_to_many:
        link, owner = quote(field.m2m_db_table()), quote(field.m2m_column_name())
        joined = quote(field.m2m_reverse_name())
    else:
        link, owner = quote(Practice._meta.db_table), quote(Practice._meta.pk.column)
        joined = quote(field.column)
    # Proposed organisations stay out of public summaries until an editor confirms them.
    confirmed = ""
    if target is Organisation:
        status = quote(Organisation._meta.get_field("status").column)
        confirmed = f" AND t.{status} = '{Organisation.Status.ACTIVE.value}'"
    # Only names from the models' metadata and the relation's name go into the text.
    return (
        f"SELECT '{relation}', l.{owner}, {columns} "  # noqa: S608
        f"FROM {link} l JOIN {table} t ON t.{key} = l.{joined} WHERE l.{owner} IN ({{ids}})"
        f"{confirmed}"
    )


# The relations "related practices" are found by, most telling first.
RELATED_BY = ("cities", "target_groups", "themes")


# Words too common in practice titles to say two of them are alike.
TITLE_STOPWORDS = frozenset(
    {
        *("a", "an", "and", "at", "by", "de", "for", "from", "in", "into", "of", "on", "or"),
        *("the", "to", "with", "city", "cities", "programme", "program", "project", "plan"),
    }
)


def significant_words(title: str) -> set[str]:
    """The title's words in lower case, without punctuation, short and common words."""
    words = re.findall(r"\w+", (title or "").lower())
    return {word for word in words if len(word) > 2 and word not in TITLE_STOPWORDS}


def _related_candidates(practice_id: int, shared: dict[str, list[int]], pool: int) -> RawSQL:
    """Ids of the newest `pool` practices per relation sharing one of the given terms.

    One UNION of bounded reads of the link tables (wrapped so SQLite accepts LIMIT in it);
    the ORM cannot slice the members of a union on SQLite. Names come from the models'
    metadata, values are parameters.
    """
    parts, params = [], []
    for number, (relation, ids) in enumerate(shared.items()):
        field = Practice._meta.get_field(relation)
        through = field.remote_field.through._meta
        source = through.get_field(field.m2m_field_name()).column
        target = through.get_field(field.m2m_reverse_field_name()).column
        placeholders = ", ".join(["%s"] * len(ids))
        parts.append(
            f"SELECT {source} FROM (SELECT {source} FROM {through.db_table}"  # noqa: S608
            f" WHERE {target} IN ({placeholders}) AND {source} <> %s"
            f" ORDER BY {source} DESC LIMIT %s) AS related_{number}"
        )
        params += [*ids, practice_id, pool]
    return RawSQL(" UNION ".join(parts), params)  # noqa: S611


PRACTICE_SEARCH = SearchSpec(
    weights={
        "title": "A",
        "summary": "B",
        "context": "C",
        "approach": "C",
        "results": "C",
        "lessons": "C",
    },
    names=(
        "cities__name",
        "lead_organisation__name",
        "lead_organisation__acronym",
        "partners__name",
        "partners__acronym",
        "themes__name",
    ),
    snippet_fields=("summary", "context", "approach", "results", "lessons"),
    rank_vector="search_rank_vector",
)


class SearchWord(models.Model):
    """A word of the catalogue, folded, for "Did you mean …?" (filled by PostgreSQL triggers)."""

    word = models.CharField(_("word"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


class Practice(CanonicalTexts, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        ARCHIVED = "archived", _("Archived")

    # Which moderation steps exist; who may take one, and when, is practices/permissions.py's
    # call (an editor publishes a draft only if they started it and nobody sent it back).
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.SUBMITTED, Status.PUBLISHED}),
        Status.SUBMITTED: frozenset({Status.PUBLISHED, Status.DRAFT, Status.REJECTED}),
        Status.PUBLISHED: frozenset({Status.ARCHIVED}),
        Status.REJECTED: frozenset({Status.ARCHIVED}),
        Status.ARCHIVED: frozenset({Status.PUBLISHED}),
    }

    class Scope(models.TextChoices):
        CITY = "city", pgettext_lazy("scope of a practice: the city level", "City")
        REGIONAL = "regional", _("Regional")
        NATIONAL = "national", _("National")
        INTERNATIONAL = "international", _("International")

    class Instrument(models.TextChoices):
        FUND = "fund", _("Fund")
        CHARTER = "charter", _("Charter or covenant")
        COUNCIL = "council", _("Council or partnership body")
        ACTION_PLAN = "action-plan", _("Action plan or strategy")
        SERVICE = "service", _("Service or help desk")
        PROGRAMME = "programme", _("Programme")
        AWARD = "award", _("Award")
        AGREEMENT = "agreement", _("Agreement or MOU")
        CAMPAIGN = "campaign", _("Campaign")
        NETWORK = "network", _("Network or coalition")

    class FundingPeriod(models.TextChoices):
        TOTAL = "total", _("in total")
        YEARLY = "yearly", _("per year")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(
        _("summary"), max_length=1000, help_text=_("One paragraph, plain text.")
    )
    context = models.TextField(_("context"), blank=True, help_text=_("The problem. Markdown."))
    approach = models.TextField(_("approach"), blank=True, help_text=_("What is done. Markdown."))
    results = models.TextField(_("results"), blank=True, help_text=_("Markdown."))
    lessons = models.TextField(
        _("lessons and transferability"), blank=True, help_text=_("Markdown.")
    )
    original_language = models.CharField(
        _("original language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        db_index=True,
        help_text=_("The language the practice was written in; its other texts are translations."),
    )
    cities = models.ManyToManyField(
        City, verbose_name=_("cities"), blank=True, related_name="practices"
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=Scope.choices, default=Scope.CITY, db_index=True
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_practices",
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), blank=True, related_name="partner_practices"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="practices"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="practices"
    )
    commitments = models.ManyToManyField(
        Commitment, verbose_name=_("commitments"), blank=True, related_name="practices"
    )
    instrument = models.CharField(
        _("instrument"), max_length=20, choices=Instrument.choices, blank=True, db_index=True
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=YEAR_VALIDATORS, db_index=True
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        db_index=True,
        help_text=_("Leave empty while the practice is ongoing."),
    )
    funding_amount = models.DecimalField(
        _("funding amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_currency = models.CharField(
        _("funding currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. EUR.")
    )
    funding_period = models.CharField(
        _("funding period"), max_length=10, choices=FundingPeriod.choices, blank=True
    )
    funding_note = models.CharField(_("funding note"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    image = ReencodedImageField(_("image"), upload_to="practices/%Y/", blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_practices",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_practices",
    )
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    creation_key = models.UUIDField(
        _("creation key"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The one-time key of the form that created it: a form sent twice saves once."),
    )
    search_rank_vector = SearchVectorField(null=True, editable=False)
    status_as_of = models.PositiveSmallIntegerField(
        _("years stated as of"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_(
            "The year of the source that gives the start and end years (or says the practice "
            "is ongoing), e.g. the year of the report it comes from."
        ),
    )
    last_verified = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When an editor last confirmed that the practice is still accurate."),
    )
    adapted_from = models.ManyToManyField(
        "self",
        verbose_name=_("adapted from"),
        symmetrical=False,
        blank=True,
        related_name="adapted_by",
        help_text=_("Practices of other cities this one was modelled on."),
    )

    objects = PracticeQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[
            "cities",
            "partners",
            "themes",
            "target_groups",
            "commitments",
            "adapted_from",
        ],
        excluded_fields=["search_vector", "search_rank_vector"],
    )

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="practice_status_published"),
            models.Index(fields=["title"], name="practice_title"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="practice_end_not_before_start",
                violation_error_message=_("The end year is before the start year."),
            ),
            models.CheckConstraint(
                condition=Q(funding_amount__isnull=True) | Q(funding_amount__gte=0),
                name="practice_funding_not_negative",
                violation_error_message=_("Funding cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["submitted_by", "creation_key"],
                condition=Q(creation_key__isnull=False),
                name="practice_created_once_per_form",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The end year is before the start year.")
        if self.funding_amount is not None and not self.funding_currency:
            errors["funding_currency"] = _("Give the currency of the funding amount.")
        if self.image and not self.image_alt:
            errors["image_alt"] = _("Describe the image for people who cannot see it.")
        if errors:
            raise ValidationError(errors)

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def public_lead_organisation(self) -> Organisation | None:
        """The lead organisation, once an editor has confirmed it (a proposed one stays
        out of public pages and the API)."""
        organisation = self.lead_organisation
        return organisation if organisation is not None and organisation.is_active else None

    @property
    def is_ongoing(self) -> bool:
        return self.end_year is None or self.end_year >= timezone.now().year

    @property
    def status_year(self) -> int | None:
        """The year the end year or "ongoing" was last stated: an editor's check or the source.

        Without either, the year it was published: what its submitter said then.
        """
        verified = self.last_verified.year if self.last_verified else None
        stated = [year for year in (verified, self.status_as_of) if year]
        if stated:
            return max(stated)
        return self.published_at.year if self.published_at else None

    @property
    def status_statement(self) -> str:
        """Whether it runs, said as of the year it was stated, never as a present-day claim:
        "ongoing as of 2007", "ended 2012 (as of 2014)", "due to end 2012 (as of 2007)"."""
        as_of = self.status_year
        if self.end_year is None:
            if as_of is None:
                return _("no end year given")
            return _("ongoing as of %(year)s") % {"year": as_of}
        if as_of is None:
            return _("end year %(end)s") % {"end": self.end_year}
        if self.end_year < as_of:
            return _("ended %(end)s (as of %(year)s)") % {"end": self.end_year, "year": as_of}
        return _("due to end %(end)s (as of %(year)s)") % {"end": self.end_year, "year": as_of}


#: The most outcomes one practice may have, on every route (form, API, admin, services).
MAX_OUTCOMES_PER_PRACTICE = 50


class Outcome(CanonicalTexts, models.Model):
    """A measured result of a practice, as its source states it."""

    class Qualifier(models.TextChoices):
        EXACTLY = "", _("exactly")
        ABOUT = "about", pgettext_lazy("outcome qualifier: approximately", "about")
        NEARLY = "nearly", _("nearly")
        AT_LEAST = "at-least", _("at least")
        MORE_THAN = "more-than", _("more than")
        UP_TO = "up-to", _("up to")

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="outcomes"
    )
    label = models.CharField(_("what was measured"), max_length=250)
    qualifier = models.CharField(
        _("qualifier"), max_length=10, choices=Qualifier.choices, blank=True
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("For example: %, people, EUR.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.display_value}"

    @property
    def display_value(self) -> str:
        qualifier = self.get_qualifier_display() if self.qualifier else ""
        return outcome_display(qualifier, self.value, self.unit)


def outcome_display(qualifier: str, value, unit: str, *, number: str = "") -> str:
    """An outcome's value as people read it ("about 1,200 people", "35%"); `qualifier` is the
    qualifier's label, `number` the value already formatted for a language (pages pass it;
    exports keep the English default). A function, so that exports format rows without models."""
    number = number or f"{value:,.2f}".rstrip("0").rstrip(".")
    amount = f"{number}{unit}" if unit == "%" else f"{number} {unit}".strip()
    return f"{qualifier} {amount}".strip()


MAX_DOCUMENTS_PER_PRACTICE = 10


def document_upload_to(instance: "PracticeDocument", filename: str) -> str:
    """A random name: the uploader's file name is kept for display only, never as a path."""
    return f"documents/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf"


class PracticeDocument(models.Model):
    """A PDF report about a practice, uploaded by its officials or an editor.

    Stored in private storage and served by a view that checks the practice is published
    or the user may see it; see practices.views.document_download.
    """

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file (PDF)"),
        upload_to=document_upload_to,
        storage=private_storage,
        max_length=200,
        validators=[validate_pdf_document],
    )
    original_name = models.CharField(
        _("file name"), max_length=255, blank=True, help_text=_("As the uploader named it.")
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:document", kwargs={"slug": self.practice.slug, "pk": self.pk})

    @property
    def download_name(self) -> str:
        """The name the file is saved under on the reader's computer."""
        name = self.original_name or slugify(self.title) or "report"
        return name if name.lower().endswith(".pdf") else f"{name}.pdf"


class PracticeEvent(models.Model):
    """One step of a practice's moderation history."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Practice.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Practice.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("moderation step")
        verbose_name_plural = _("moderation history")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.practice}: {self.from_status or '—'} → {self.to_status}"


class StaleReminder(models.Model):
    """A day an official was reminded of their city's practices nobody has checked lately;
    at most one a day (see the remind_stale_practices command)."""

    official = models.ForeignKey(
        "cities.Official",
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="stale_reminders",
    )
    sent_on = models.DateField(_("sent on"), default=timezone.localdate)
    practice_count = models.PositiveIntegerField(_("practices listed"), default=0)

    class Meta:
        verbose_name = _("reminder of practices to check")
        verbose_name_plural = _("reminders of practices to check")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "sent_on"], name="stale_reminder_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official} · {self.sent_on}"


class ReviewQueue(Practice):
    """Submitted practices, as editors see them in the admin's review queue."""

    class Meta:
        proxy = True
        verbose_name = _("submission to review")
        verbose_name_plural = _("review queue")


def _practice_texts():
    """The published catalogue's words, for typo suggestions on SQLite."""
    texts = ("title", "summary", "context", "approach", "results", "lessons")
    columns = [column for text in texts for column in every_language(Practice, text)]
    for row in Practice.objects.published().values_list(*columns):
        yield from row
    yield from City.objects.values_list("name", flat=True)
    yield from Organisation.objects.active().values_list("name", flat=True)
    for row in Theme.objects.values_list(*every_language(Theme, "name")):
        yield from row


PRACTICE_VOCABULARY = Vocabulary(word_model=SearchWord, texts=_practice_texts)


class PracticeRevision(models.Model):
    """Changes proposed to a published practice; the public sees them once an editor approves.

    `changes` holds the proposed value of each changed field as practices.versions
    snapshots it: plain values, primary keys for relations, a list for the outcomes.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        SENT_BACK = "sent-back", _("Sent back for changes")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    OPEN_STATUSES = (Status.PENDING, Status.SENT_BACK)

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="revisions"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposed_revisions",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    changes = models.JSONField(_("proposed changes"), default=dict)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_revisions",
    )
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice"],
                condition=Q(status__in=["pending", "sent-back"]),
                name="practice_one_open_revision",
                violation_error_message=_("This practice already has a proposed change open."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice}: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
