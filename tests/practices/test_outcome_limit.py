"""One limit on a practice's outcomes, whichever route they come by: services, API, form, admin."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from practices import services
from practices.admin import OutcomeInline
from practices.models import MAX_OUTCOMES_PER_PRACTICE, Practice
from tests.factories import PracticeFactory
from tests.practices.test_submissions import form_data

pytestmark = pytest.mark.django_db

LIMIT = MAX_OUTCOMES_PER_PRACTICE


def outcomes(n: int) -> list[dict]:
    return [{"label": f"Measure {i}", "value": i} for i in range(n)]


def test_the_limit_is_fifty():
    assert LIMIT == 50


def test_the_service_refuses_one_outcome_too_many(official, the_hague):
    practice = services.create_practice(
        by=official,
        title="Help desk",
        summary="A desk.",
        cities=[the_hague],
        outcomes=outcomes(LIMIT),
    )
    assert practice.outcomes.count() == LIMIT

    with pytest.raises(ValidationError) as error:
        services.set_outcomes(practice=practice, outcomes=outcomes(LIMIT + 1))

    assert "outcomes" in error.value.message_dict
    assert practice.outcomes.count() == LIMIT
    with pytest.raises(ValidationError):
        services.create_practice(
            by=official,
            title="Too many",
            summary="A desk.",
            cities=[the_hague],
            outcomes=outcomes(LIMIT + 1),
        )
    assert not Practice.objects.filter(title="Too many").exists()


def test_the_officials_form_stops_at_the_limit(official_client):
    rows = {"outcomes-TOTAL_FORMS": str(LIMIT + 1)}
    for i in range(LIMIT + 1):
        rows |= {f"outcomes-{i}-label": f"Measure {i}", f"outcomes-{i}-value": str(i)}

    response = official_client.post("/my/practices/new/", form_data(**rows))

    assert response.status_code == 200
    assert f"Please submit at most {LIMIT} forms." in response.content.decode()
    assert not Practice.objects.exists()


def test_the_admin_inline_stops_at_the_limit(editor):
    practice = PracticeFactory()
    request = RequestFactory().post("/admin/")
    request.user = editor
    inline = OutcomeInline(Practice, admin.site)
    formset_class = inline.get_formset(request, practice)
    assert formset_class.max_num == LIMIT
    data = {
        "outcomes-TOTAL_FORMS": str(LIMIT + 1),
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-MIN_NUM_FORMS": "0",
        "outcomes-MAX_NUM_FORMS": str(LIMIT),
    }
    for i in range(LIMIT + 1):
        data |= {f"outcomes-{i}-label": f"Measure {i}", f"outcomes-{i}-value": str(i)}
        data |= {f"outcomes-{i}-position": str(i)}

    formset = formset_class(data, instance=practice, prefix="outcomes")

    assert not formset.is_valid()
    assert f"Please submit at most {LIMIT} forms." in formset.non_form_errors()
