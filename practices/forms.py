"""Forms of the officials' submission pages: a practice and its measured outcomes."""

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cities.models import Organisation
from core.mail import single_line
from core.translated import language_name
from practices.models import (
    MAX_DOCUMENTS_PER_PRACTICE,
    MAX_OUTCOMES_PER_PRACTICE,
    Outcome,
    Practice,
    PracticeDocument,
)
from practices.uploads import validate_pdf_document
from practices.versions import TEXT_FIELDS, text_key

OUTCOME_FIELDS = ["label", "qualifier", "value", "unit", "year", "source"]


def _country_field(label: str) -> forms.Field:
    return CountryField(blank=True, blank_label=_("Choose a country")).formfield(
        label=label, required=False
    )


def _organisation_label(organisation: Organisation) -> str:
    if organisation.is_active:
        return organisation.name
    return _("%(name)s (proposed, awaiting an editor)") % {"name": organisation.name}


def form_language() -> str:
    """The language the officials' form writes the texts in: the page's (one of LANGUAGES)."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class PracticeForm(forms.ModelForm):
    """A practice as its submitter writes it; the workflow fields stay with the services.

    The texts are written in the page's language (`/es/my/…` writes `title_es`): a new
    practice records it as its original language; an existing one shows that language's
    own text, empty where there is no translation yet, and needs a title and summary only
    in its original language.
    """

    # Fieldsets of the form, in order: (legend, field names).
    FIELDSETS = [
        (_("The practice"), ["title", "summary", "context", "approach", "results", "lessons"]),
        (_("Where and who"), ["cities", "scope", "lead_organisation", "partners"]),
        (
            _("Lead organisation not in the list?"),
            ["new_lead_name", "new_lead_kind", "new_lead_country", "new_lead_website"],
        ),
        (
            _("A partner not in the list?"),
            ["new_partner_name", "new_partner_kind", "new_partner_country", "new_partner_website"],
        ),
        (_("What kind of practice"), ["themes", "target_groups", "instrument"]),
        (_("Adapted from another city's practice?"), ["adapted_from"]),
        (_("When"), ["start_year", "end_year"]),
        (_("Funding"), ["funding_amount", "funding_currency", "funding_period", "funding_note"]),
        (_("Website and image"), ["website", "image", "image_alt"]),
    ]

    funding_currency = forms.CharField(
        label=_("Funding currency"),
        required=False,
        max_length=3,
        help_text=Practice._meta.get_field("funding_currency").help_text,
        validators=[
            RegexValidator(r"^[A-Za-z]{3}$", _("Give a three-letter currency code, e.g. EUR."))
        ],
        widget=forms.TextInput(attrs={"size": 4, "autocomplete": "off"}),
    )

    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Practice
        fields = [
            "title",
            "summary",
            "context",
            "approach",
            "results",
            "lessons",
            "cities",
            "scope",
            "lead_organisation",
            "partners",
            "themes",
            "target_groups",
            "instrument",
            "start_year",
            "end_year",
            "funding_amount",
            "funding_currency",
            "funding_period",
            "funding_note",
            "website",
            "image",
            "image_alt",
            "adapted_from",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "context": forms.Textarea(attrs={"rows": 6}),
            "approach": forms.Textarea(attrs={"rows": 8}),
            "results": forms.Textarea(attrs={"rows": 6}),
            "lessons": forms.Textarea(attrs={"rows": 6}),
            "cities": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            # Ticked boxes, not a Ctrl-click list; site.js adds a filter box above them.
            "partners": forms.CheckboxSelectMultiple,
            "image": forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
            ),
        }
        help_texts = {
            "partners": _("Tick every organisation that works on the practice with the lead."),
            "cities": _("Leave all unticked for a national or international framework."),
        }

    new_lead_name = forms.CharField(
        label=_("Name of the lead organisation"),
        required=False,
        max_length=200,
        help_text=_("Type it here if it is not in the list above; an editor will check it."),
    )
    new_lead_kind = forms.ChoiceField(
        label=_("Kind of lead organisation"),
        required=False,
        choices=[("", _("Choose a kind of organisation")), *Organisation.Kind.choices],
    )
    new_lead_country = _country_field(_("Country of the lead organisation"))
    new_lead_website = forms.URLField(
        label=_("Website of the lead organisation"), required=False, assume_scheme="https"
    )
    new_partner_name = forms.CharField(
        label=_("Name of the partner"),
        required=False,
        max_length=200,
        help_text=_("Type it here if it is not in the list of partners; an editor will check it."),
    )
    new_partner_kind = forms.ChoiceField(
        label=_("Kind of partner"),
        required=False,
        choices=[("", _("Choose a kind of organisation")), *Organisation.Kind.choices],
    )
    new_partner_country = _country_field(_("Country of the partner"))
    new_partner_website = forms.URLField(
        label=_("Website of the partner"), required=False, assume_scheme="https"
    )

    remove_documents = forms.ModelMultipleChoiceField(
        label=_("Reports attached"),
        queryset=PracticeDocument.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick a report to take it off the practice when you save."),
    )

    adapted_from = None  # replaced in __init__: its choices depend on the practice

    # Prompts instead of Django's "---------" in the drop-down lists.
    EMPTY_PROMPTS = {
        "scope": _("Choose a scope"),
        "lead_organisation": _("Choose the lead organisation"),
        "instrument": _("Choose a kind of instrument"),
        "funding_period": _("Choose a period"),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language = form_language()
        self._texts_in_language()
        self._limit_organisations()
        self.fields["adapted_from"] = PracticeSlugsField(instance=self.instance)
        self._prompt_empty_choices()
        if "remove_documents" in self.fields:
            remove = self.fields["remove_documents"]
            remove.queryset = self.instance.documents.all() if self.instance.pk else remove.queryset
            remove.label_from_instance = _document_label

    @property
    def is_translation(self) -> bool:
        """Whether the form adds or edits a translation, not the practice's original text."""
        return bool(self.instance.pk) and self.instance.original_language != self.language

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def original_language_name(self) -> str:
        return language_name(self.instance.original_language)

    def _texts_in_language(self) -> None:
        """Each text as written in the form's language, never a fallback from another."""
        if not self.instance.pk:
            return
        for name in TEXT_FIELDS:
            if name in self.fields:
                self.initial[name] = getattr(self.instance, f"{name}_{self.language}") or ""
        if self.is_translation:
            for name in ("title", "summary"):
                self.fields[name].required = False

    def _prompt_empty_choices(self) -> None:
        for name, prompt in self.EMPTY_PROMPTS.items():
            field = self.fields.get(name)
            if field is None:
                continue
            if hasattr(field, "empty_label"):
                field.empty_label = prompt
            elif getattr(field, "choices", None) and field.choices[0][0] in ("", None):
                field.choices = [("", prompt), *list(field.choices)[1:]]

    def _limit_organisations(self) -> None:
        """Confirmed organisations, plus the proposed ones this practice already names."""
        named = set()
        if self.instance.pk:
            named = set(self.instance.partners.values_list("pk", flat=True))
            if self.instance.lead_organisation_id:
                named.add(self.instance.lead_organisation_id)
        choices = Organisation.objects.filter(
            Q(status=Organisation.Status.ACTIVE) | Q(pk__in=named)
        )
        for name in ("lead_organisation", "partners"):
            self.fields[name].queryset = choices
            self.fields[name].label_from_instance = _organisation_label

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for role, chosen in (("lead", "lead_organisation"), ("partner", None)):
            name = cleaned.get(f"new_{role}_name")
            details = [f"new_{role}_kind", f"new_{role}_country", f"new_{role}_website"]
            if not name:
                if any(cleaned.get(field) for field in details):
                    self.add_error(f"new_{role}_name", _("Give the organisation's name."))
                continue
            if chosen and cleaned.get(chosen):
                self.add_error(
                    f"new_{role}_name",
                    _("Choose the lead organisation from the list or type a new one, not both."),
                )
            if not cleaned.get(f"new_{role}_kind"):
                self.add_error(f"new_{role}_kind", _("Say what kind of organisation it is."))
        return cleaned

    def organisation_proposals(self) -> dict[str, dict[str, str] | None]:
        """The organisations typed in, as keyword arguments for propose_organisation."""
        proposals: dict[str, dict[str, str] | None] = {}
        for role in ("lead", "partner"):
            name = self.cleaned_data.get(f"new_{role}_name")
            proposals[role] = (
                {
                    "name": name,
                    "kind": self.cleaned_data[f"new_{role}_kind"],
                    "country": self.cleaned_data.get(f"new_{role}_country") or "",
                    "website": self.cleaned_data.get(f"new_{role}_website") or "",
                }
                if name
                else None
            )
        return proposals

    def clean_title(self) -> str:
        return single_line(self.cleaned_data["title"])

    def clean_funding_currency(self) -> str:
        return self.cleaned_data["funding_currency"].upper()

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def practice_fields(self) -> dict[str, Any]:
        """The cleaned values, as the practice services take them.

        The image is passed only when it changes: a new upload (already re-encoded by
        the form field) or an empty string when the submitter ticks "clear".
        """
        data = {
            (text_key(name, self.language) if name in TEXT_FIELDS else name): self.cleaned_data[
                name
            ]
            for name in self._meta.fields
        }
        if not self.instance.pk:
            data["original_language"] = self.language
        image = data.pop("image")
        if image is False:
            data["image"] = ""
        elif image and not isinstance(image, FieldFile):
            data["image"] = image
        return data


class PracticeSlugsField(forms.ModelMultipleChoiceField):
    """Published practices named by their address or slug, one a line: a list of every
    practice would not fit a page, and this works without JavaScript."""

    widget = forms.Textarea(attrs={"rows": 3})
    default_error_messages = {
        **forms.ModelMultipleChoiceField.default_error_messages,
        "invalid_choice": _(
            "No published practice has the address “%(value)s”. Copy the address of its "
            "page on this site, e.g. /practices/the-hague-citizenship-fund/."
        ),
    }

    def __init__(self, *, instance: Practice, **kwargs) -> None:
        published = Practice.objects.published()
        if instance.pk:
            published = published.exclude(pk=instance.pk)
        kwargs.setdefault("label", _("Adapted from"))
        kwargs.setdefault(
            "help_text",
            _(
                "The addresses of the published practices of other cities this one was "
                "modelled on, one a line. Both pages then show the link."
            ),
        )
        super().__init__(
            queryset=published.only("pk", "slug"), to_field_name="slug", required=False, **kwargs
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = [value]
        slugs = []
        for item in value or []:
            for line in str(item).replace(",", "\n").splitlines():
                line = line.strip().rstrip("/")
                if line:
                    slugs.append(line.rsplit("/", 1)[-1])
        return slugs

    def clean(self, value):
        slugs = list(dict.fromkeys(self.to_python(value)))
        if not slugs:
            return self.queryset.none()
        return self._check_values(slugs)

    def has_changed(self, initial, data) -> bool:
        return set(self.prepare_value(initial or []).split()) != set(self.to_python(data))

    def prepare_value(self, value):
        """The slugs, one a line, of instances or primary keys (the initial value), or the
        text as typed (a form shown again)."""
        if isinstance(value, str) or value is None:
            return value or ""
        items = list(value)
        slugs = [item.slug for item in items if hasattr(item, "slug")]
        pks = [item for item in items if isinstance(item, int)]
        if pks:
            slugs += Practice.objects.filter(pk__in=pks).values_list("slug", flat=True)
        return "\n".join(slugs)


class NewPracticeForm(PracticeForm):
    """The new-practice form, with the one-time key that makes sending it twice harmless."""

    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    remove_documents = None  # a new practice has none yet

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["creation_key"].initial = uuid.uuid4


def _document_label(document: PracticeDocument) -> str:
    return _("Remove “%(title)s” (PDF, %(size)s)") % {
        "title": document.title,
        "size": filesizeformat(document.size),
    }


class DocumentForm(forms.Form):
    """One PDF report to attach; a row left empty adds nothing."""

    title = forms.CharField(
        label=_("Name of the report"),
        required=False,
        max_length=200,
        help_text=_("Left empty, the file name is used."),
    )
    file = forms.FileField(
        label=_("PDF file"),
        required=False,
        validators=[validate_pdf_document],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("title") and not cleaned.get("file") and "file" not in self.errors:
            self.add_error("file", _("Choose the PDF file of this report."))
        return cleaned


class BaseDocumentFormSet(forms.BaseFormSet):
    @property
    def max_file_size(self) -> int:
        return settings.MAX_DOCUMENT_UPLOAD_BYTES

    @property
    def has_chosen_files(self) -> bool:
        return bool(self.files)

    def uploads(self) -> list[dict[str, Any]]:
        """The reports to attach, as dicts for services.add_documents."""
        if not self.is_bound:
            return []
        return [
            {"title": form.cleaned_data.get("title", ""), "file": form.cleaned_data["file"]}
            for form in self.forms
            if form.cleaned_data.get("file")
        ]


DocumentFormSet = forms.formset_factory(
    DocumentForm,
    formset=BaseDocumentFormSet,
    extra=1,
    max_num=MAX_DOCUMENTS_PER_PRACTICE,
    validate_max=True,
)


def document_formset(data, files) -> BaseDocumentFormSet:
    """The report rows of the form; a post without them (an older page) attaches none."""
    if data is not None and "documents-TOTAL_FORMS" not in data:
        data = files = None
    return DocumentFormSet(data, files, prefix="documents")


def documents_valid(formset: BaseDocumentFormSet) -> bool:
    return not formset.is_bound or formset.is_valid()


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = OUTCOME_FIELDS
        widgets = {
            "label": forms.TextInput(attrs={"size": 40}),
            "unit": forms.TextInput(attrs={"size": 8}),
            "source": forms.TextInput(attrs={"size": 30}),
        }


class BaseOutcomeFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this outcome")

    def outcomes(self) -> list[dict[str, Any]]:
        """The outcomes to keep, in order, as dicts for services.set_outcomes."""
        return [
            {name: form.cleaned_data[name] for name in OUTCOME_FIELDS}
            for form in self.forms
            # Blank extra rows have no cleaned data; kept rows do, changed or not.
            if form.cleaned_data and not self._should_delete_form(form)
        ]


OutcomeFormSet = forms.formset_factory(
    OutcomeForm,
    formset=BaseOutcomeFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_OUTCOMES_PER_PRACTICE,
    validate_max=True,
)


def outcome_initial(practice: Practice) -> list[dict[str, Any]]:
    return [
        {name: getattr(outcome, name) for name in OUTCOME_FIELDS}
        for outcome in practice.outcomes.all()
    ]
