"""Tenant settings (DESIGN.md: Tenant settings): what PUT /v1/settings accepts, each refusal naming its field."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from reviewops.common.api.problems import validation_errors
from reviewops.responder.api.settings import Settings
from reviewops.responder.domain.settings import TenantSettings

VALID = {"brand_name": "Acme Home", "signatures": {"en": "The Acme Home team", "ja": "Acme Home サポート"},
         "return_window_days": 30}


def fields_at_fault(data: dict) -> set[str]:
    with pytest.raises(ValidationError) as raised:
        Settings.model_validate(data)
    return {error.field for error in validation_errors(raised.value.errors())}


@pytest.mark.parametrize("data", [VALID, {}, {"brand_name": None, "signatures": {}, "return_window_days": None},
                                  {"signatures": {"zh": "客服中心"}}, {"return_window_days": 365}])
def test_valid_settings_pass_and_round_trip(data):
    settings = Settings.model_validate(data)
    assert Settings.of(settings.to_domain()) == settings


@pytest.mark.parametrize(("change", "field"), [
    ({"signatures": {"pt": "Equipe"}}, "signatures.pt"),
    ({"signatures": {"en": "   "}}, "signatures.en"),
    ({"signatures": {"en": "x" * 301}}, "signatures.en"),
    ({"signatures": {"en": 5}}, "signatures.en"),
    ({"signatures": ["en"]}, "signatures"),
    ({"brand_name": ""}, "brand_name"),
    ({"brand_name": "  "}, "brand_name"),
    ({"brand_name": "x" * 101}, "brand_name"),
    ({"brand_name": "a\x00b"}, "brand_name"),
    ({"return_window_days": 0}, "return_window_days"),
    ({"return_window_days": 366}, "return_window_days"),
    ({"return_window_days": "30"}, "return_window_days"),
    ({"return_window_days": True}, "return_window_days"),
    ({"seller_name": "Acme"}, "seller_name"),
])
def test_invalid_settings_name_the_field_at_fault(change, field):
    assert field in fields_at_fault({**VALID, **change})


def test_a_signature_is_kept_as_given_but_trimmed():
    assert Settings.model_validate({"signatures": {"de": " Ihr Team \n"}}).to_domain().signatures == {"de": "Ihr Team"}


def test_a_tenant_without_a_signature_in_a_language_gets_none_from_its_settings():
    settings = TenantSettings(signatures={"en": "Mia"})
    assert settings.signature_for("en") == "Mia"
    assert settings.signature_for("de") is None
