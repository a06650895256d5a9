"""OAI-PMH 2.0 at /oai/: the published practices and publications in Dublin Core (`oai_dc`).

Built with lxml rather than a library: the Python OAI-PMH servers on PyPI do not fit. pyoai's
server has had no release since 2022 and wants its own request loop; django-oai-pmh keeps its
own copy of every record in its tables (kept in sync by signals) and pins psycopg 3 beside
our psycopg2. The protocol is six verbs over two querysets, so it is written out here.

- Identifiers: `oai:<host>:practice:<slug>`, `oai:<host>:publication:<slug>` (host from
  SITE_URL, so they stay the same whichever address is harvested).
- Datestamps are the records' `updated_at`, to the second (UTC).
- Sets: one per theme, `theme:<slug>`.
- Lists page by keyset (practices by id, then publications by id); the resumption token is
  signed and carries the request's arguments and the last id, never an offset.
- Only published records are exposed; a record unpublished later simply disappears
  (`deletedRecord` is `no`).
"""

import datetime
import email.utils
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import Min, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from cities.models import Organisation
from practices.models import Practice, Theme
from publications.models import Publication

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = (
    "http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
)
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
PAGE_SIZE = 100
TOKEN_SALT = "portal.oai.resumption"  # noqa: S105 (a signing namespace, not a secret)
KINDS = ("practice", "publication")  # the order lists run in

#: The arguments each verb takes: (required, optional). A resumptionToken stands alone.
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class ListQuery:
    """What a list request asks for, and where its previous page stopped."""

    prefix: str
    set_spec: str | None
    start: datetime.datetime | None
    end: datetime.datetime | None  # exclusive
    kind: str = KINDS[0]
    after: int = 0

    def token(self, kind: str, after: int) -> str:
        data = {
            "p": self.prefix,
            "s": self.set_spec,
            "f": self.start.isoformat() if self.start else None,
            "u": self.end.isoformat() if self.end else None,
            "k": kind,
            "i": after,
        }
        return signing.dumps(data, salt=TOKEN_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str) -> "ListQuery":
        try:
            data = signing.loads(token, salt=TOKEN_SALT)
            return cls(
                prefix=data["p"],
                set_spec=data["s"],
                start=datetime.datetime.fromisoformat(data["f"]) if data["f"] else None,
                end=datetime.datetime.fromisoformat(data["u"]) if data["u"] else None,
                kind=data["k"] if data["k"] in KINDS else KINDS[0],
                after=int(data["i"]),
            )
        except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
            raise OAIError(
                "badResumptionToken", "The resumption token is not one this repository gave."
            ) from error


# --- records -----------------------------------------------------------------------------


def repository_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def identifier(kind: str, slug: str) -> str:
    return f"oai:{repository_host()}:{kind}:{slug}"


def _published(kind: str) -> QuerySet:
    if kind == "practice":
        return (
            Practice.objects.published()
            .without_long_texts()
            .select_related("lead_organisation")
            .prefetch_related(
                "themes",
                "target_groups",
                "cities",
                Prefetch("partners", queryset=Organisation.objects.active()),
            )
        )
    return (
        Publication.objects.published()
        .defer("search_vector")
        .select_related("publisher")
        .prefetch_related("themes", "cities", "contributors")
    )


def _in_set(queryset: QuerySet, set_spec: str | None) -> QuerySet:
    if not set_spec:
        return queryset
    slug = set_spec.removeprefix("theme:")
    links = queryset.model.themes.through.objects.filter(theme__slug=slug)
    owner = f"{queryset.model._meta.model_name}_id"
    return queryset.filter(pk__in=links.values(owner))


def _resolve(oai_identifier: str):
    prefix = f"oai:{repository_host()}:"
    kind, _sep, slug = oai_identifier.removeprefix(prefix).partition(":")
    if not oai_identifier.startswith(prefix) or kind not in KINDS or not slug:
        return None
    return _published(kind).filter(slug=slug).first()


def _kind(record) -> str:
    return "practice" if isinstance(record, Practice) else "publication"


# --- the XML -------------------------------------------------------------------------------


def _el(parent, tag: str, text=None, **attributes):
    element = etree.SubElement(
        parent, f"{{{OAI}}}{tag}", {k: str(v) for k, v in attributes.items()}
    )
    if text is not None:
        element.text = str(text)
    return element


def _datestamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _header(parent, record) -> None:
    header = _el(parent, "header")
    _el(header, "identifier", identifier(_kind(record), record.slug))
    _el(header, "datestamp", _datestamp(record.updated_at))
    for theme in record.themes.all():
        _el(header, "setSpec", f"theme:{theme.slug}")


def _dublin_core(parent, record, base_url: str) -> None:
    dc = etree.SubElement(
        parent,
        f"{{{OAI_DC}}}dc",
        {f"{{{XSI}}}schemaLocation": OAI_DC_SCHEMA},
        nsmap={"oai_dc": OAI_DC, "dc": DC},
    )

    def add(tag: str, value) -> None:
        if value not in (None, ""):
            etree.SubElement(dc, f"{{{DC}}}{tag}").text = str(value)

    add("title", record.title)
    if isinstance(record, Practice):
        lead = record.public_lead_organisation
        add("creator", lead.name if lead else "")
        for partner in record.partners.all():
            add("contributor", partner.name)
        for term in (*record.themes.all(), *record.target_groups.all()):
            add("subject", term.name)
        add("description", record.summary)
        add("publisher", settings.SITE_NAME)
        if record.published_at:
            add("date", record.published_at.date().isoformat())
        add("type", "Practice")
        for city in record.cities.all():
            add("coverage", city.name)
        if record.start_year:
            add("coverage", f"{record.start_year}/{record.end_year or ''}")
    else:
        for contributor in record.contributors.all():
            creator = contributor.role in ("author", "speaker")
            add("creator" if creator else "contributor", contributor.name)
        for theme in record.themes.all():
            add("subject", theme.name)
        add("description", record.summary)
        add("publisher", record.publisher.name if record.publisher else settings.SITE_NAME)
        add("date", record.publication_date.isoformat())
        add("type", "Text")
        add("type", record.get_kind_display())
        for city in record.cities.all():
            add("coverage", city.name)
    add("identifier", base_url + record.get_absolute_url())
    add("language", "en")
    add(
        "rights",
        getattr(settings, "DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
    )


def _record(parent, record, base_url: str) -> None:
    element = _el(parent, "record")
    _header(element, record)
    _dublin_core(_el(element, "metadata"), record, base_url)


# --- the verbs -----------------------------------------------------------------------------


def _identify(root, request, args, base_url) -> None:
    identify = _el(root, "Identify")
    _el(identify, "repositoryName", settings.SITE_NAME)
    _el(identify, "baseURL", request.build_absolute_uri(request.path))
    _el(identify, "protocolVersion", "2.0")
    _el(identify, "adminEmail", email.utils.parseaddr(settings.DEFAULT_FROM_EMAIL)[1])
    earliest = [
        Practice.objects.published().aggregate(at=Min("updated_at"))["at"],
        Publication.objects.published().aggregate(at=Min("updated_at"))["at"],
    ]
    earliest = [value for value in earliest if value]
    _el(
        identify,
        "earliestDatestamp",
        _datestamp(min(earliest)) if earliest else "1970-01-01T00:00:00Z",
    )
    _el(identify, "deletedRecord", "no")
    _el(identify, "granularity", GRANULARITY)


def _list_metadata_formats(root, request, args, base_url) -> None:
    if "identifier" in args and _resolve(args["identifier"]) is None:
        raise OAIError("idDoesNotExist", "No published record has this identifier.")
    formats = _el(root, "ListMetadataFormats")
    metadata_format = _el(formats, "metadataFormat")
    _el(metadata_format, "metadataPrefix", "oai_dc")
    _el(metadata_format, "schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    _el(metadata_format, "metadataNamespace", OAI_DC)


def _list_sets(root, request, args, base_url) -> None:
    if "resumptionToken" in args:
        raise OAIError("badResumptionToken", "The list of sets comes in one page.")
    sets = _el(root, "ListSets")
    for theme in Theme.objects.order_by("position", "name"):
        element = _el(sets, "set")
        _el(element, "setSpec", f"theme:{theme.slug}")
        _el(element, "setName", theme.name)


def _get_record(root, request, args, base_url) -> None:
    _require_oai_dc(args["metadataPrefix"])
    record = _resolve(args["identifier"])
    if record is None:
        raise OAIError("idDoesNotExist", "No published record has this identifier.")
    _record(_el(root, "GetRecord"), record, base_url)


def _list(root, request, args, base_url, *, with_metadata: bool) -> None:
    query = ListQuery.from_token(args["resumptionToken"]) if "resumptionToken" in args else None
    if query is None:
        _require_oai_dc(args["metadataPrefix"])
        set_spec = args.get("set")
        if set_spec and not (
            set_spec.startswith("theme:")
            and Theme.objects.filter(slug=set_spec.removeprefix("theme:")).exists()
        ):
            raise OAIError("noRecordsMatch", "There is no such set; ListSets names them.")
        start, end = _date_range(args.get("from"), args.get("until"))
        query = ListQuery(prefix="oai_dc", set_spec=set_spec, start=start, end=end)
    rows, next_token = _page(query)
    if not rows:
        if "resumptionToken" in args:
            raise OAIError("badResumptionToken", "The list this token continued has changed.")
        raise OAIError("noRecordsMatch", "No published record matches these arguments.")
    verb = _el(root, "ListRecords" if with_metadata else "ListIdentifiers")
    for record in rows:
        if with_metadata:
            _record(verb, record, base_url)
        else:
            _header(verb, record)
    if next_token is not None or "resumptionToken" in args:
        _el(verb, "resumptionToken", next_token or "")


def _page(query: ListQuery) -> tuple[list, str | None]:
    """One page of records after the token's position, and the token of the next page."""
    rows: list = []
    kinds = KINDS[KINDS.index(query.kind) :]
    for kind in kinds:
        after = query.after if kind == query.kind else 0
        wanted = PAGE_SIZE + 1 - len(rows)
        queryset = _in_set(_published(kind), query.set_spec).filter(pk__gt=after)
        if query.start:
            queryset = queryset.filter(updated_at__gte=query.start)
        if query.end:
            queryset = queryset.filter(updated_at__lt=query.end)
        rows += list(queryset.order_by("pk")[:wanted])
        if len(rows) > PAGE_SIZE:
            break
    if len(rows) <= PAGE_SIZE:
        return rows, None
    rows = rows[:PAGE_SIZE]
    last = rows[-1]
    return rows, query.token(_kind(last), last.pk)


def _require_oai_dc(prefix: str) -> None:
    if prefix != "oai_dc":
        raise OAIError("cannotDisseminateFormat", "This repository offers oai_dc only.")


def _parse_datestamp(value: str, name: str) -> tuple[datetime.datetime, bool]:
    """The moment and whether it was given to the day only."""
    try:
        if len(value) == 10:
            day = datetime.date.fromisoformat(value)
            return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC), True
        if len(value) == 20 and value.endswith("Z"):
            moment = datetime.datetime.strptime(value[:-1] + "+0000", "%Y-%m-%dT%H:%M:%S%z")
            return moment, False
    except ValueError:
        pass
    raise OAIError("badArgument", f"“{name}” must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.")


def _date_range(start: str | None, until: str | None):
    begin = end = None
    day_only = set()
    if start:
        begin, by_day = _parse_datestamp(start, "from")
        day_only.add(by_day)
    if until:
        moment, by_day = _parse_datestamp(until, "until")
        day_only.add(by_day)
        # `until` is inclusive, to its granularity.
        end = moment + (datetime.timedelta(days=1) if by_day else datetime.timedelta(seconds=1))
    if len(day_only) > 1:
        raise OAIError("badArgument", "“from” and “until” must have the same granularity.")
    if begin and end and begin >= end:
        raise OAIError("badArgument", "“from” is after “until”.")
    return begin, end


HANDLERS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "ListIdentifiers": lambda *a: _list(*a, with_metadata=False),
    "ListRecords": lambda *a: _list(*a, with_metadata=True),
    "GetRecord": _get_record,
}


def _arguments(request: HttpRequest) -> tuple[str | None, dict[str, str]]:
    """The verb and the other arguments; raises badVerb or badArgument."""
    params = request.POST if request.method == "POST" else request.GET
    for name, values in params.lists():
        if len(values) > 1:
            raise OAIError("badArgument", f"“{name}” is given more than once.")
    args = {name: params[name] for name in params}
    verb = args.pop("verb", None)
    if verb not in VERBS:
        raise OAIError("badVerb", "Give one of the six OAI-PMH verbs as `verb`.")
    required, optional = VERBS[verb]
    unknown = set(args) - required - optional
    if unknown:
        raise OAIError("badArgument", f"{verb} does not take {', '.join(sorted(unknown))}.")
    if "resumptionToken" in args:
        if len(args) > 1:
            raise OAIError("badArgument", "A resumptionToken is given alone, with the verb.")
    elif required - set(args):
        missing = ", ".join(sorted(required - set(args)))
        raise OAIError("badArgument", f"{verb} needs {missing}.")
    return verb, args


@csrf_exempt  # harvesters may POST; nothing is written
@require_http_methods(["GET", "HEAD", "POST"])
def oai_pmh(request: HttpRequest) -> HttpResponse:
    root = etree.Element(
        f"{{{OAI}}}OAI-PMH", {f"{{{XSI}}}schemaLocation": OAI_SCHEMA}, nsmap={None: OAI, "xsi": XSI}
    )
    _el(root, "responseDate", _datestamp(timezone.now()))
    base_url = request.build_absolute_uri("/").rstrip("/")
    request_element = _el(root, "request", request.build_absolute_uri(request.path))
    try:
        verb, args = _arguments(request)
        for name, value in {"verb": verb, **args}.items():
            request_element.set(name, value)
        HANDLERS[verb](root, request, args, base_url)
    except OAIError as error:
        if error.code in ("badVerb", "badArgument"):
            request_element.attrib.clear()  # the spec: echo no arguments that were wrong
        for child in root[2:]:
            root.remove(child)
        _el(root, "error", error.message, code=error.code)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
