# pre-load
"""The interviews' money field: ``datatype: dollars``, a docassemble custom data type.

docassemble's own ``currency`` field strips what is not a digit as it is typed: letters vanish,
"845 dollars" is quietly taken as 845, and the message says the field is empty. This one keeps
what was typed and checks it the way the engine checks a case file's amounts
(``values.parse_amount``): "845.50", "1,675" and "$75.5" are amounts; "845 dollars", "-5" and
"12.345" are not, and the message says how to type one. The browser checks every field of the
screen at once (jQuery Validate, the same pattern); the server checks again. The value is a float,
as ``currency`` gives, and an empty optional field is 0.0, as ``currency`` makes it.

docassemble imports this module when the server starts (the "pre-load" line above); it needs
docassemble, so nothing else in the package imports it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docassemble.base.util import CustomDataType, DAValidationError

from .errors import InputError
from .values import parse_amount

__all__ = ["Dollars"]

TYPE_ONE = "Type an amount in dollars, like 845.50"
MORE_THAN_ZERO = "Type an amount more than zero, like 845.50"

# The pattern values.parse_amount accepts, for the browser: digits with or without thousands
# commas, at most two decimals, an optional dollar sign in front, spaces around.
_JAVASCRIPT = r"""
(function () {
  var amount = /^\s*\$?\s*(\d+|\d{1,3}(,\d{3})+)(\.\d{1,2})?\s*$/;
  function number(value) { return parseFloat(value.replace(/[\s$,]/g, "")); }
  $.validator.addMethod("dollars", function (value, element) {
    return this.optional(element) || amount.test(value);
  });
  $.validator.addMethod("dollarsmorethanzero", function (value, element) {
    var least = parseFloat($(element).data("min"));
    return this.optional(element) || !amount.test(value) || !(least > 0) || number(value) >= least;
  });
  function dollarSign() {
    $("input.dadollars").not(".scc-dollar-sign").each(function () {
      $(this).addClass("scc-dollar-sign").wrap('<div class="input-group"></div>')
        .before('<span class="input-group-text" aria-hidden="true">$</span>');
    });
  }
  dollarSign();
  $(document).on("daPageLoad", dollarSign);
})();
"""


class Dollars(CustomDataType):
    """An amount of money typed in dollars and cents."""

    name = "dollars"
    input_class = "dadollars"
    # docassemble writes input_type into type="..."; this is how its own number fields get the
    # phone's number keypad.
    input_type = 'text" inputmode="decimal'
    javascript = _JAVASCRIPT
    jq_rule = ["dollars", "dollarsmorethanzero"]
    jq_message = {"dollars": TYPE_ONE, "dollarsmorethanzero": MORE_THAN_ZERO}
    skip_if_empty = True

    @classmethod
    def amount(cls, item: Any, data: dict[str, Any] | None = None) -> Decimal:
        """The amount typed, or DAValidationError with the message the person sees."""
        try:
            value = parse_amount(item, "amount")
        except InputError:
            raise DAValidationError(TYPE_ONE) from None
        least = (data or {}).get("min")
        if least not in (None, "") and value < Decimal(str(least)):
            raise DAValidationError(MORE_THAN_ZERO if Decimal(str(least)) <= Decimal("0.01")
                                    else f"Type an amount of at least ${Decimal(str(least)):,.2f}")
        most = (data or {}).get("max")
        if most not in (None, "") and value > Decimal(str(most)):
            raise DAValidationError(f"Type an amount of at most ${Decimal(str(most)):,.2f}")
        return value

    @classmethod
    def validate(cls, item: Any, variable_name: str | None = None, data: dict[str, Any] | None = None) -> bool:
        if str(item).strip() == "":
            return True
        cls.amount(item, data)
        return True

    @classmethod
    def transform(cls, item: Any) -> float:
        return 0.0 if str(item).strip() == "" else float(cls.amount(item))

    @classmethod
    def default_for(cls, item: Any) -> str:
        """What the box shows: a stored amount with its cents; text sent back with its message, as typed."""
        if isinstance(item, str) or item is None:
            return item or ""
        return f"{Decimal(str(item)):.2f}"
