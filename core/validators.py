import re

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

CURRENCY_CODES = frozenset(currency.alpha_3 for currency in pycountry.currencies)


def validate_currency_code(value):
    if value and value not in CURRENCY_CODES:
        raise ValidationError(
            "“%(value)s” is not an ISO 4217 currency code. Use three capital letters such as USD, EUR or KRW.",
            code="invalid_currency",
            params={"value": value},
        )


def currency_choices():
    """Choices for a currency field; a callable so migrations do not copy the list."""
    return sorted((c.alpha_3, f"{c.alpha_3} — {c.name}") for c in pycountry.currencies)


validate_language_tag = RegexValidator(
    re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"),
    "Use a BCP 47 language tag such as “ko”, “es” or “pt-BR”.",
    code="invalid_language",
)

validate_wikidata_id = RegexValidator(
    re.compile(r"^Q[1-9][0-9]*$"),
    "A Wikidata identifier is a Q followed by digits, such as “Q884”.",
    code="invalid_wikidata_id",
)
