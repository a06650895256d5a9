"""Search that forgives, behind one interface on PostgreSQL and SQLite.

A visitor's words follow PostgreSQL's `websearch_to_tsquery` syntax on both databases:
words are ANDed, `"quoted words"` form a phrase, `or` between two parts offers either,
`-word` (or `-"a phrase"`) excludes. Accents never matter ("Malmo" finds Malmö).

- PostgreSQL matches the stored, weighted `search_vector` (GIN index, kept current by
  triggers), where each language's texts are indexed with that language's configuration
  (`TEXT_SEARCH_CONFIGS`: its stemmer after `unaccent`); the visitor's words are parsed in
  every one of them and the parses ORed, so "emplois" finds French texts saying "emploi"
  in any interface language. It ranks with the compact `rank_vector` so ranking never
  unpacks the large TOASTed vector, highlights with `ts_headline` and corrects typos from
  a trigram-indexed word list.
- SQLite (the embedded default for small catalogues) parses the same syntax here,
  matches word starts in accent-folded text (`ICE_FOLD`, a Python function registered
  on each connection) of every language's column, marks excerpts in Python and corrects
  typos with difflib.
"""

import difflib
import functools
import html
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections, models
from django.db.models import F, Q, QuerySet, Value, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, NullIf
from django.db.models.sql import Query
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from core.translated import translated_text

SEARCH_CONFIG = "ice_search"
#: The PostgreSQL text-search configuration of each language in settings.LANGUAGES: the
#: built-in one's stemmer after `unaccent` (created by practices' search migrations).
TEXT_SEARCH_CONFIGS = {
    "en": SEARCH_CONFIG,
    "fr": "ice_french",
    "es": "ice_spanish",
    "de": "ice_german",
    "nl": "ice_dutch",
}
MAX_CLAUSES = 10
SNIPPET_WORDS = 30
TRIGRAM_CANDIDATES = 10
SEARCH_CANDIDATES = 200  # rows ranked at most per search, however many match
RANKED_CANDIDATES = 500  # rows ranked at most for a list sorted by relevance
# Private-use characters mark highlights inside ts_headline's output until it is escaped.
MARK_START, MARK_END = "\ue000", "\ue001"

_EXTRA_FOLDS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_WORD = re.compile(r"\w+")
# Markdown's marks, dropped from excerpts: (pattern, replacement), in Python and PostgreSQL.
_MARKDOWN_LINK = (r"\[([^]]*)\]\([^)]*\)", r"\1")
_MARKDOWN_BLOCK = (r"^[ \t]*[#>]+[ \t]*", "")
_MARKDOWN_INLINE = (r"[*_`]+", "")


def fold(text: str | None) -> str | None:
    """Lower-case, accent-free text: "São Paulo" → "sao paulo", "Malmö" → "malmo"."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.translate(_EXTRA_FOLDS)


class Fold(models.Func):
    """`ICE_FOLD(text)`: a migration creates it on PostgreSQL (unaccent), SQLite registers it."""

    function = "ICE_FOLD"
    output_field = models.TextField()


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection `ICE_FOLD`, PostgreSQL's `ice_fold` in Python."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("ICE_FOLD", 1, fold, deterministic=True)


# --- the query syntax -------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    """One word, or several as a phrase; folded. `negated` excludes what it matches."""

    words: tuple[str, ...]
    negated: bool = False

    @property
    def pattern(self) -> str:
        """A regular expression matching the clause at word starts of folded text.

        The syntax (a negative lookbehind, `\\w`, `\\W`) means the same in Python and
        in PostgreSQL's regular expressions.
        """
        return r"(?<!\w)" + r"\W+".join(re.escape(word) for word in self.words)


@dataclass(frozen=True)
class ParsedQuery:
    """Alternatives (ORed), each a conjunction of clauses (ANDed)."""

    alternatives: tuple[tuple[Clause, ...], ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return any(self.alternatives)

    @property
    def positive_clauses(self) -> list[Clause]:
        return [c for alt in self.alternatives for c in alt if not c.negated]

    @property
    def positive_words(self) -> list[str]:
        return list(dict.fromkeys(w for clause in self.positive_clauses for w in clause.words))


def parse_query(text: str) -> ParsedQuery:
    """Parse a visitor's words as `websearch_to_tsquery` does.

    >>> parse_query('"sad cat" -dog or fish')  # ("sad cat" AND NOT dog) OR fish
    """
    alternatives: list[list[Clause]] = [[]]
    count = 0
    position, length = 0, len(text)
    while position < length and count < MAX_CLAUSES:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        negated = False
        if char == "-":
            negated = True
            position += 1
            while position < length and text[position].isspace():
                position += 1
            if position >= length:
                break
        if text[position] == '"':
            end = text.find('"', position + 1)
            end = length if end == -1 else end
            raw, position = text[position + 1 : end], end + 1
            is_phrase = True
        else:
            end = position
            while end < length and not text[end].isspace() and text[end] != '"':
                end += 1
            raw, position = text[position:end], end
            is_phrase = False
        words = tuple(_WORD.findall(fold(raw)))
        if not words:
            continue
        if not is_phrase and not negated and words == ("or",):
            if alternatives[-1]:
                alternatives.append([])
            continue
        alternatives[-1].append(Clause(words, negated))
        count += 1
    return ParsedQuery(tuple(tuple(alt) for alt in alternatives if alt))


# --- what a model searches ----------------------------------------------------------------


@dataclass(frozen=True)
class SearchSpec:
    """The searchable text of a model, by weight, and the related names it is known by.

    `weights` maps field names to PostgreSQL weights A (most important) to C; `names` are
    lookups to related names (weight D); `snippet_fields` are shown as excerpts.
    """

    weights: dict[str, str]
    names: tuple[str, ...] = ()
    snippet_fields: tuple[str, ...] = ()
    rank_vector: str = "search_vector"

    def fields_weighted(self, weight: str) -> list[str]:
        return [name for name, w in self.weights.items() if w == weight]


WEIGHT_VALUES = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}


def is_postgresql(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def search_query(text: str) -> SearchQuery:
    """The visitor's words as one tsquery that finds them in every language's texts.

    Each clause is parsed in every language's configuration: a word or phrase matches if
    it matches in one of them, an excluded one must match in none. One tsquery, so the
    GIN index serves it, and the same whatever the interface language (so counts and
    cached results do not vary with it).
    """
    configs = list(dict.fromkeys(TEXT_SEARCH_CONFIGS.values()))
    query = None
    for alternative in parse_query(text).alternatives:
        conjunction = None
        for clause in alternative:
            parses = [
                SearchQuery(phrase, config=config, search_type="phrase")
                for config in configs
                for phrase in _forms(config, clause.words)
            ]
            if clause.negated:
                matched = reduce(operator.and_, [~parse for parse in parses])
            else:
                matched = reduce(operator.or_, parses)
            conjunction = matched if conjunction is None else conjunction & matched
        query = conjunction if query is None else query | conjunction
    return query if query is not None else SearchQuery("", config=SEARCH_CONFIG)


class CompiledSearchQuery(SearchQuery):
    """A visitor's tsquery as SQL compiled once: `search_query` ORs every clause in every
    language's configuration, and a search page uses that tree a dozen times (to filter,
    pick candidates, rank, excerpt); resolving and compiling it each time cost ~20 ms."""

    def __init__(self, sql: str, params: tuple):
        super().__init__("", config=SEARCH_CONFIG)
        self.sql, self.sql_params = sql, params

    def resolve_expression(self, *args, **kwargs):
        return self

    def as_sql(self, compiler, connection, **extra_context):
        return self.sql, list(self.sql_params)


@functools.lru_cache(maxsize=256)
def compiled_search_query(text: str, db: str) -> CompiledSearchQuery:
    """`search_query(text)` compiled for the database `db` (PostgreSQL)."""
    query = Query(None)  # a tsquery names no column
    compiler = query.get_compiler(using=db)
    sql, params = compiler.compile(search_query(text).resolve_expression(query))
    return CompiledSearchQuery(sql, tuple(params))


def _forms(config: str, words: tuple[str, ...]) -> list[str]:
    """The phrases a clause is looked up as in `config`.

    French's Snowball stemmer keeps a plural's `s` after a vowel it also keeps ("emplois"
    stays "emplois", "emploi" is "emploi"), so in French a word is also looked up with its
    `s` added or taken off: "emploi" finds "emplois" and the other way round.
    """
    phrase = " ".join(words)
    if config != TEXT_SEARCH_CONFIGS["fr"] or len(words) != 1 or len(phrase) < 4:
        return [phrase]
    return [phrase, phrase[:-1] if phrase.endswith("s") else f"{phrase}s"]


def headline_config() -> str:
    """The active language's configuration, for the excerpts shown in that language."""
    return TEXT_SEARCH_CONFIGS.get(translation.get_language() or "", SEARCH_CONFIG)


# --- translated columns (django-modeltranslation) ---------------------------------------


def _translated_fields(model: type[models.Model]) -> frozenset[str]:
    try:
        return frozenset(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return frozenset()


def every_language(model: type[models.Model], lookup: str) -> list[str]:
    """A lookup to a text (`title`, `themes__name`) as one lookup per language's column
    where the text is translated, else itself.

    modeltranslation reads `title` in a query as the active language's column alone
    (`title_fr`, empty where nobody translated it); a search looks in all of them.
    """
    *path, name = lookup.split("__")
    target = model
    for step in path:
        target = target._meta.get_field(step).related_model
    if name not in _translated_fields(target):
        return [lookup]
    return [
        "__".join([*path, build_localized_fieldname(name, code)]) for code in TEXT_SEARCH_CONFIGS
    ]


def shown_text(model: type[models.Model], name: str) -> models.Expression:
    """A translated text as a page in the active language shows it (core.translated's
    order): that language's column, else the record's original language's, else the first
    language that has the text."""
    columns = every_language(model, name)
    if len(columns) == 1:
        return F(name)
    active = build_localized_fieldname(name, translation.get_language() or "en")
    ordered = sorted(columns, key=lambda column: column != active)
    texts = [NullIf(F(column), Value("")) for column in ordered]
    if any(field.name == "original_language" for field in model._meta.concrete_fields):
        original = models.Case(
            *(
                models.When(original_language=code, then=NullIf(F(column), Value("")))
                for code, column in zip(TEXT_SEARCH_CONFIGS, columns, strict=True)
            ),
            output_field=models.TextField(),
        )
        texts.insert(1, original)
    return Coalesce(*texts, Value(""), output_field=models.TextField())


def full_text_search(queryset: QuerySet, text: str, spec: SearchSpec) -> QuerySet:
    """Rows matching a visitor's words, annotated with `relevance` for ordering."""
    text = (text or "").strip()
    if not text:
        return queryset
    parsed = parse_query(text)
    if not parsed:
        return queryset.none().alias(relevance=Value(0.0, output_field=models.FloatField()))
    if is_postgresql(queryset):
        query = compiled_search_query(text, queryset.db)
        # An alias, not an annotation: counts never compute the rank, pages only order by it.
        return queryset.filter(search_vector=query).alias(
            relevance=SearchRank(F(spec.rank_vector), query)
        )
    return _sqlite_search(queryset, parsed, spec)


def rank_bounded(
    queryset: QuerySet, text: str, spec: SearchSpec
) -> tuple[QuerySet, QuerySet | None]:
    """`queryset` (already searched for `text`) whose `relevance` ranks a bounded set, and
    the pks of that set (None where every match is ranked).

    On PostgreSQL, ordering every match by `ts_rank` ranks them all, 90,000 for a common
    word. Here only the first RANKED_CANDIDATES matches in the compact rank vector
    (title, summary, names: the likely best, found through its GIN index) are ranked;
    every other match gets -1 and follows them in the list's next ordering, so the ranked
    ones come first: their pages can be read from them alone (`ListPaginator`'s `head`).
    Other databases rank every match (their catalogues are small).
    """
    text = (text or "").strip()
    if not text or not is_postgresql(queryset) or not parse_query(text):
        return queryset, None
    query = compiled_search_query(text, queryset.db)
    candidates = (
        queryset.order_by().filter(**{spec.rank_vector: query}).values("pk")[:RANKED_CANDIDATES]
    )
    ranked = queryset.alias(
        relevance=models.Case(
            models.When(pk__in=candidates, then=SearchRank(F(spec.rank_vector), query)),
            default=Value(-1.0),
            output_field=models.FloatField(),
        )
    )
    # Carried by every clone of the query (filters, ordering), for `ranked_head`.
    ranked.query.ranked_candidates = candidates
    ranked.query.candidate_rank = SearchRank(F(spec.rank_vector), query)
    return ranked, candidates


def ranked_head(queryset: QuerySet) -> QuerySet | None:
    """The ranked candidates of a `rank_bounded` queryset sorted by relevance, in its order:
    the same rows as the start of `queryset`, read without the other matches. Else None."""
    candidates = getattr(queryset.query, "ranked_candidates", None)
    if candidates is None or not queryset.query.order_by:
        return None
    # Every row here is a candidate: the rank needs no second reading of the candidates.
    return queryset.filter(pk__in=candidates).alias(relevance=queryset.query.candidate_rank)


def best_matches(queryset: QuerySet, text: str, spec: SearchSpec, limit: int) -> list:
    """The `limit` most relevant rows of `queryset` for the visitor's words, in order.

    On PostgreSQL the cost is bounded whatever the number of matches: the rank is
    computed for at most SEARCH_CANDIDATES rows matching in the compact rank vector
    (title, summary, names: the best candidates), read through its GIN index or found
    early in a scan, never for every match; when fewer match there, as many other
    matches (in the texts only) fill up, newest first. Other databases rank every match.
    """
    text = (text or "").strip()
    if not text:
        return []
    if not is_postgresql(queryset):
        return list(full_text_search(queryset, text, spec).order_by("-relevance", "-pk")[:limit])
    if not parse_query(text):
        return []
    query = compiled_search_query(text, queryset.db)
    lookups = queryset._prefetch_related_lookups
    queryset = queryset.prefetch_related(None)
    candidates = (
        queryset.order_by().filter(**{spec.rank_vector: query}).values("pk")[:SEARCH_CANDIDATES]
    )
    best = list(
        queryset.filter(pk__in=candidates)
        .alias(rank=SearchRank(F(spec.rank_vector), query))
        .order_by("-rank", "-pk")[:limit]
    )
    # Always asked, so the query count is fixed; bounded the same way (an ordered walk of
    # the date index would scan the whole catalogue for a word nothing contains).
    others = (
        queryset.order_by()
        .filter(search_vector=query)
        .exclude(pk__in=[row.pk for row in best])
        .values("pk")[:SEARCH_CANDIDATES]
    )
    rest = queryset.filter(pk__in=others)  # in the list's own order
    best = (best + list(rest[:limit]))[:limit]
    prefetch_related_objects(best, *lookups)
    return best


def _folded(model: type[models.Model], names: Sequence[str]) -> models.Expression:
    fields = [column for name in names for column in every_language(model, name)]
    if len(fields) == 1:
        return Fold(F(fields[0]))
    return Fold(_SpaceJoined(*(Coalesce(F(name), Value("")) for name in fields)))


class _SpaceJoined(models.Func):
    """`a || ' ' || b || …`: flat, where Concat nests a pair per column, which SQLite's
    parser refuses past a few dozen columns (six texts in five languages)."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = models.TextField()


def _sqlite_search(queryset: QuerySet, parsed: ParsedQuery, spec: SearchSpec) -> QuerySet:
    model = queryset.model
    by_weight = {w: spec.fields_weighted(w) for w in "ABC" if spec.fields_weighted(w)}
    aliases = {f"_search_{w.lower()}": _folded(model, fields) for w, fields in by_weight.items()}
    queryset = queryset.alias(**aliases)
    names = [column for lookup in spec.names for column in every_language(model, lookup)]

    def clause_q(clause: Clause) -> Q:
        pattern = clause.pattern
        matched = Q()
        for alias in aliases:
            matched |= Q(**{f"{alias}__regex": pattern})
        for lookup in names:
            named = model._default_manager.alias(_name=Fold(F(lookup))).filter(_name__regex=pattern)
            matched |= Q(pk__in=named.values("pk"))
        return ~matched if clause.negated else matched

    condition = Q()
    for alternative in parsed.alternatives:
        both = Q()
        for clause in alternative:
            both &= clause_q(clause)
        condition |= both
    relevance: models.Expression = Value(0.0)
    for clause in parsed.positive_clauses:
        relevance = relevance + models.Case(
            *(
                models.When(**{f"{alias}__regex": clause.pattern}, then=Value(WEIGHT_VALUES[w]))
                for alias, w in zip(aliases, by_weight, strict=True)
            ),
            default=Value(WEIGHT_VALUES["D"]),
            output_field=models.FloatField(),
        )
    return queryset.filter(condition).alias(
        relevance=models.ExpressionWrapper(relevance, output_field=models.FloatField())
    )


# --- highlighted excerpts ---------------------------------------------------------------


def attach_snippets(items: Iterable[models.Model], text: str, spec: SearchSpec) -> None:
    """Give each item of a page a `snippet`: escaped excerpt with `<mark>`ed matches.

    Runs one query for the page's rows on PostgreSQL (ts_headline), none on SQLite.
    Items without a match in the excerpt fields get `snippet = None`.
    """
    items = list(items)
    text = (text or "").strip()
    for item in items:
        item.snippet = None
    if not items or not text or not spec.snippet_fields:
        return
    model = type(items[0])
    db = items[0]._state.db or "default"
    if connections[db].vendor == "postgresql":
        if all(hasattr(item, HEADLINE) for item in items):  # read with the page's rows
            headlines = {item.pk: getattr(item, HEADLINE) for item in items}
        else:
            headlines = _headlines(model, db, [item.pk for item in items], text, spec)
        for item in items:
            headline = headlines.get(item.pk) or ""
            if MARK_START in headline:
                item.snippet = _marked(headline)
        return
    parsed = parse_query(text)
    for item in items:
        source = " ".join(translated_text(item, name).value for name in spec.snippet_fields)
        item.snippet = excerpt(strip_markdown(source), parsed)


HEADLINE = "_headline"


def snippet_annotations(queryset: QuerySet, text: str, spec: SearchSpec) -> dict:
    """On PostgreSQL, the excerpt as an annotation for a page's query (`ListPaginator`'s
    `page_annotations`), so `attach_snippets` needs no query of its own; PostgreSQL
    computes it after the LIMIT, for the page's rows only. Elsewhere nothing."""
    text = (text or "").strip()
    if not text or not spec.snippet_fields or not is_postgresql(queryset):
        return {}
    return {HEADLINE: _headline_expression(queryset.model, queryset.db, text, spec)}


def _headlines(model, db: str, pks: list, text: str, spec: SearchSpec) -> dict:
    # Unordered: ordering makes Django hash the large excerpt expression for each sort key.
    rows = (
        model._base_manager.using(db)
        .filter(pk__in=pks)
        .order_by()
        .annotate(**{HEADLINE: _headline_expression(model, db, text, spec)})
    )
    return dict(rows.values_list("pk", HEADLINE))


def _headline_expression(model, db: str, text: str, spec: SearchSpec) -> SearchHeadline:
    language = translation.get_language() or "en"
    sql, params = _excerpt_document_sql(model, spec.snippet_fields, language, db)
    document = RawSQL(sql, params, output_field=models.TextField())  # noqa: S611
    return SearchHeadline(
        document,
        compiled_search_query(text, db),
        config=headline_config(),
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=SNIPPET_WORDS,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


@functools.lru_cache(maxsize=64)
def _excerpt_document_sql(
    model, fields: tuple[str, ...], language: str, db: str
) -> tuple[str, tuple]:
    """The SQL of the text excerpts are cut from, as the active language shows it, without
    Markdown's marks: compiled once per model, fields and language. Building and compiling
    this expression of five texts in five languages cost each search 10 ms of Python."""
    parts: list = []
    for name in fields:
        parts += [shown_text(model, name), Value(" ")]
    document = Concat(*parts[:-1], output_field=models.TextField())
    for pattern, replacement in (_MARKDOWN_LINK, _MARKDOWN_BLOCK, _MARKDOWN_INLINE):
        document = models.Func(
            document,
            Value(pattern),
            Value(replacement),
            Value("gn"),  # every match; ^ at each line start
            function="regexp_replace",
            output_field=models.TextField(),
        )
    query = model._base_manager.all().query
    compiler = query.get_compiler(using=db)
    sql, params = compiler.compile(document.resolve_expression(query))
    return sql, tuple(params)


def strip_markdown(text: str) -> str:
    text = re.sub(_MARKDOWN_LINK[0], _MARKDOWN_LINK[1], text)
    text = re.sub(_MARKDOWN_BLOCK[0], "", text, flags=re.MULTILINE)
    return re.sub(_MARKDOWN_INLINE[0], "", text)


def _marked(headline: str) -> SafeString:
    """Escape first, then turn the sentinels into `<mark>`: nothing of the text is markup."""
    escaped = html.escape(headline, quote=False)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


def excerpt(source: str, parsed: ParsedQuery, words: int = SNIPPET_WORDS) -> SafeString | None:
    """About `words` words of `source` around its first match, matches `<mark>`ed."""
    folded, origin = _fold_with_origin(source)
    spans: list[tuple[int, int]] = []
    for clause in parsed.positive_clauses:
        for match in re.finditer(clause.pattern, folded):
            if match.end() > match.start():
                spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    if not spans:
        return None
    spans.sort()
    word_starts = [m.start() for m in re.finditer(r"\S+", source)]
    first = spans[0][0]
    index = max(0, sum(1 for s in word_starts if s <= first) - 1 - words // 3)
    start = word_starts[index] if word_starts else 0
    end_index = index + words
    end = word_starts[end_index] if end_index < len(word_starts) else len(source)
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        pieces.append(html.escape(source[cursor:span_start], quote=False))
        pieces.append(f"<mark>{html.escape(source[span_start:span_end], quote=False)}</mark>")
        cursor = span_end
    pieces.append(html.escape(source[cursor:end], quote=False))
    body = "".join(pieces).strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(source) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 - every piece is escaped above


def _fold_with_origin(source: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index it came from in `source`."""
    folded, origin = [], []
    for index, char in enumerate(source):
        for out in fold(char):
            folded.append(out)
            origin.append(index)
    return "".join(folded), origin


# --- "Did you mean …?" ------------------------------------------------------------------


def suggest_correction(queryset: QuerySet, text: str, *, vocabulary: "Vocabulary") -> str | None:
    """The visitor's words with unknown ones replaced by the nearest catalogue words.

    Offered only when the corrected search finds something in `queryset`, so a word
    known only from an unpublished record never shows.
    """
    text = (text or "").strip()
    words = [word for word in parse_query(text).positive_words if len(word) >= 3]
    if not words:
        return None
    corrections = vocabulary.corrections(words, postgresql=is_postgresql(queryset))
    if not corrections:
        return None

    def replace(match: re.Match) -> str:
        return corrections.get(fold(match.group(0)), match.group(0))

    corrected = _WORD.sub(replace, text)
    if corrected == text or not queryset.search(corrected).exists():
        return None
    return corrected


@dataclass
class Vocabulary:
    """Where known words come from: a trigram-indexed table on PostgreSQL, texts elsewhere.

    `word_model` has a unique `word` field filled by triggers; `texts` gives
    the (small) catalogue's texts for SQLite.
    """

    word_model: type[models.Model]
    texts: Callable[[], Iterable[str]]
    threshold: float = 0.3

    def corrections(self, words: list[str], *, postgresql: bool) -> dict[str, str]:
        if postgresql:
            return self._trigram_corrections(words)
        return self._difflib_corrections(words)

    def _trigram_corrections(self, words: list[str]) -> dict[str, str]:
        from django.contrib.postgres.search import TrigramSimilarity

        known = set(self.word_model.objects.filter(word__in=words).values_list("word", flat=True))
        corrections = {}
        for word in words:
            if word in known:
                continue
            candidates = list(
                self.word_model.objects.filter(word__trigram_similar=word)
                .annotate(similarity=TrigramSimilarity("word", word))
                .filter(similarity__gte=self.threshold)
                .order_by("-similarity", "word")
                .values_list("word", flat=True)[:TRIGRAM_CANDIDATES]
            )
            # Trigrams find candidates through the index; the closest spelling wins
            # ("mentorng": "mentoring" over "mentor", which shares more trigrams).
            nearest = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
            if nearest:
                corrections[word] = nearest[0]
        return corrections

    def _difflib_corrections(self, words: list[str]) -> dict[str, str]:
        known: set[str] = set()
        for value in self.texts():
            known.update(_WORD.findall(fold(value or "")))
        known = {word for word in known if len(word) >= 3 and not word.isdigit()}
        corrections = {}
        for word in words:
            if word in known:
                continue
            near = [w for w in known if abs(len(w) - len(word)) <= 3]
            found = difflib.get_close_matches(word, near, n=1, cutoff=0.75)
            if found:
                corrections[word] = found[0]
        return corrections


# --- prefix matching for suggestions ----------------------------------------------------


def with_starting_words(queryset: QuerySet, text: str, *fields: str) -> QuerySet:
    """Rows where one of `fields` has, for every word typed, a word starting with it.

    "citiz" finds "Citizenship Fund", "sao pa" finds "São Paulo". Folded on both sides;
    on PostgreSQL a trigram index on `ice_fold(field)` serves the regular expression.
    """
    words = _WORD.findall(fold(text or ""))[:5]
    if not words:
        return queryset.none()
    columns = [column for name in fields for column in every_language(queryset.model, name)]
    aliases = {f"_folded_{name}": Fold(F(name)) for name in columns}
    condition = Q()
    for alias in aliases:
        every_word = Q()
        for word in words:
            every_word &= Q(**{f"{alias}__regex": r"(?<!\w)" + re.escape(word)})
        condition |= every_word
    return queryset.alias(**aliases).filter(condition)


def name_search(queryset: QuerySet, text: str, fields: Sequence[str]) -> QuerySet:
    """Rows where one of `fields` contains the text, case and accents aside."""
    folded = " ".join(_WORD.findall(fold(text or "")))
    if not folded:
        return queryset if not (text or "").strip() else queryset.none()
    aliases = {f"_folded_{name}": Fold(F(name)) for name in fields}
    condition = Q()
    for alias in aliases:
        condition |= Q(**{f"{alias}__contains": folded})
    return queryset.alias(**aliases).filter(condition)
