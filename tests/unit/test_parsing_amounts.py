from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parsing import ParseError, parse_amount

# (text, currency, minor units) — expected values worked out by hand
PARSED = [
    # the brief's examples
    ("500", "USD", 50000),
    ("$1,200.50", "USD", 120050),
    ("1200.5", "USD", 120050),
    ("£40 a week", "GBP", 4000),
    ("five hundred", "USD", 50000),
    ("two hundred and fifty dollars", "USD", 25000),
    ("五百元", "CNY", 50000),
    ("五百块", "CNY", 50000),
    ("1.2万", "CNY", 1200000),
    ("两千", "CNY", 200000),
    ("3千5", "CNY", 350000),
    ("¥800", "CNY", 80000),
    ("800块钱", "CNY", 80000),
    ("每月500", "CNY", 50000),
    # English, with the amount inside a sentence
    ("I can pay 200 on the 15th", "USD", 20000),
    ("I can pay $300 next friday", "USD", 30000),
    ("500 a month for 6 months", "USD", 50000),
    ("100 every 2 weeks", "USD", 10000),
    ("pay 500 by 5pm", "USD", 50000),
    ("100 on dec 1", "USD", 10000),
    ("I can pay one hundred in one go", "USD", 10000),
    ("a hundred percent sure, 300", "USD", 30000),
    ("500 dollars, $500", "USD", 50000),
    ("500 USD", "USD", 50000),
    ("500usd", "USD", 50000),
    ("twenty-five quid", "GBP", 2500),
    ("40 pounds a week", "GBP", 4000),
    ("1,200,000", "USD", 120000000),
    ("500,600", "USD", 50060000),  # valid grouping: five hundred thousand six hundred
    ("one million two hundred thousand", "USD", 120000000),
    ("twelve hundred", "USD", 120000),
    ("a thousand", "GBP", 100000),
    ("five point five", "USD", 550),
    ("1.2k", "USD", 120000),
    ("2 grand", "GBP", 200000),
    ("5 hundred", "USD", 50000),
    ("$.50", "USD", 50),
    ("0.5", "USD", 50),
    ("500.", "USD", 50000),
    ("12.50", "USD", 1250),
    ("one", "USD", 100),  # the whole message
    ("5 dollars 50 cents", "USD", 550),
    ("five dollars and fifty cents", "USD", 550),
    ("50 cents", "USD", 50),
    ("50p", "GBP", 50),
    ("20 euros", "EUR", 2000),
    ("€20", "EUR", 2000),
    ("ＵＳＤ５００", "USD", 50000),  # full-width
    # Chinese
    ("五百一个月", "CNY", 50000),
    ("一千二一个月", "CNY", 120000),
    ("分三期，每期五百", "CNY", 50000),
    ("周五还五百", "CNY", 50000),
    ("每周五百", "CNY", 50000),
    ("两周后还两千", "CNY", 200000),
    ("我可以先还八百，下个月15号再还", "CNY", 80000),
    ("下午三点还五百", "CNY", 50000),
    ("千万别催，我还一千", "CNY", 100000),
    ("十分感谢，我还五百", "CNY", 50000),
    ("五百多谢", "CNY", 50000),
    ("一万二", "CNY", 1200000),
    ("壹仟贰佰", "CNY", 120000),
    ("一千零五十", "CNY", 105000),
    ("两百五", "CNY", 25000),
    ("一点五", "CNY", 150),
    ("12万", "CNY", 12000000),
    ("1200万", "CNY", 1200000000),
    ("2万5000", "CNY", 2500000),
    ("1万2", "CNY", 1200000),
    ("五", "CNY", 500),  # the whole message
    ("两块", "CNY", 200),
    ("十块", "CNY", 1000),
    ("3块5", "CNY", 350),
    ("3块5毛", "CNY", 350),
    ("3元5角", "CNY", 350),
    ("5毛", "CNY", 50),
    ("五零零块", "CNY", 50000),
    ("人民币1000", "CNY", 100000),
    ("RMB 1000", "CNY", 100000),
    ("￥800", "CNY", 80000),
    ("我想还 500 yuan", "CNY", 50000),
    ("两万一次性", "CNY", 2000000),  # 一次性 = in one go, not 21000
    ("一次性还清两万", "CNY", 2000000),
    ("每个月还一千五", "CNY", 150000),
    ("我每月能还1500块", "CNY", 150000),
    ("我这个月15号发工资，可以还一千", "CNY", 100000),
    ("五百块一个月，分十二期", "CNY", 50000),
    ("500元/月", "CNY", 50000),
    ("每期500，共6期", "CNY", 50000),
    ("元旦前还500", "USD", 50000),  # 元旦 is New Year's Day, not yuan
    ("1,200円", "JPY", 1200),
    ("四千日元", "JPY", 4000),
    # yen: no minor units; ¥ is yuan or yen
    ("¥800", "JPY", 800),
    ("500 JPY", "JPY", 500),
    ("800日元", "JPY", 800),
]


@pytest.mark.parametrize(("text", "currency", "minor"), PARSED)
def test_parse_amount(text: str, currency: str, minor: int) -> None:
    assert parse_amount(text, currency) == minor


REFUSED = [
    ("12.345", "USD", "too_many_decimals"),
    ("1.500", "USD", "too_many_decimals"),  # may be a European 1500
    ("0.001", "USD", "too_many_decimals"),
    ("1.5", "JPY", "too_many_decimals"),
    ("50.5 cents", "USD", "too_many_decimals"),
    ("$50", "CNY", "wrong_currency"),
    ("50 dollars", "GBP", "wrong_currency"),
    ("£40", "USD", "wrong_currency"),
    ("1000 RMB", "USD", "wrong_currency"),
    ("500元", "USD", "wrong_currency"),
    ("€20", "USD", "wrong_currency"),
    ("800日元", "CNY", "wrong_currency"),
    ("50p", "USD", "wrong_currency"),
    ("500 or 600", "USD", "ambiguous"),
    ("500-600", "USD", "ambiguous"),
    ("12,50", "USD", "ambiguous"),
    ("I owe 3000 but can pay 500", "USD", "ambiguous"),
    ("fifty and sixty", "USD", "ambiguous"),
    ("five or six hundred", "USD", "ambiguous"),
    ("五六百", "CNY", "ambiguous"),
    ("两三千块", "CNY", "ambiguous"),
    ("一千多", "CNY", "ambiguous"),
    ("5000多", "CNY", "ambiguous"),
    ("二十几块", "CNY", "ambiguous"),
    ("七八块", "CNY", "ambiguous"),
    ("500+", "USD", "ambiguous"),
    ("1w", "CNY", "ambiguous"),  # 1万 in chat slang, or "1 week"
    ("5 point 5", "USD", "ambiguous"),
    ("100 x 3", "USD", "ambiguous"),
    ("1 000", "USD", "ambiguous"),
    ("1.000,50", "USD", "ambiguous"),
    ("one fifty", "USD", "invalid_number"),
    ("五百，六百", "CNY", "ambiguous"),
    ("fiv hundred", "USD", "invalid_number"),  # a typo is an error, never 100
    ("five five", "USD", "invalid_number"),
    ("hundred", "USD", "invalid_number"),
    ("1.2.3", "USD", "invalid_number"),
    ("0", "USD", "not_positive"),
    ("0.00", "USD", "not_positive"),
    ("zero", "USD", "not_positive"),
    ("-50", "USD", "not_positive"),
    ("-$50", "USD", "not_positive"),
    ("minus 50", "USD", "not_positive"),
    ("99999999999999999999", "USD", "too_large"),
    ("10000000000000", "USD", "too_large"),
    ("12/15", "USD", "no_amount"),
    ("2026-12-01", "USD", "no_amount"),
    ("Dec 1", "USD", "no_amount"),
    ("15号", "CNY", "no_amount"),
    ("the 15th", "USD", "no_amount"),
    ("in 2 weeks", "USD", "no_amount"),
    ("100%", "USD", "no_amount"),
    ("ok", "USD", "no_amount"),
    ("", "USD", "no_amount"),
    ("no one can pay", "USD", "no_amount"),
    ("一下", "CNY", "no_amount"),
    ("我们一起还", "CNY", "no_amount"),
    ("乱七八糟", "CNY", "no_amount"),
    ("3个月", "CNY", "no_amount"),
    ("500", "usd", "unknown_currency"),
    ("500", "ABC", "unknown_currency"),
]


@pytest.mark.parametrize(("text", "currency", "code"), REFUSED)
def test_parse_amount_refuses(text: str, currency: str, code: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_amount(text, currency)
    assert caught.value.code == code


def test_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="no_amount"):
        parse_amount("nothing here", "USD")


EXPONENTS = {"USD": 2, "GBP": 2, "CNY": 2, "JPY": 0}
SYMBOLS = {"USD": "$", "GBP": "£", "CNY": "¥", "JPY": "¥"}


@settings(max_examples=100)
@given(minor=st.integers(min_value=1, max_value=10**13), currency=st.sampled_from(list(EXPONENTS)))
def test_plain_decimal_round_trips(minor: int, currency: str) -> None:
    major = Decimal(minor).scaleb(-EXPONENTS[currency])
    assert parse_amount(f"{major:f}", currency) == minor
    assert parse_amount(f"{SYMBOLS[currency]}{major:,f}", currency) == minor
    assert parse_amount(f"I can pay {major:f} {currency}", currency) == minor


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=60), currency=st.sampled_from(list(EXPONENTS)))
def test_random_text_gives_an_amount_or_a_parse_error(text: str, currency: str) -> None:
    try:
        minor = parse_amount(text, currency)
    except ParseError:
        return
    assert isinstance(minor, int)
    assert 0 < minor < 10**15


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(alphabet="0123456789.,$¥£ -万千百十一二两三四五六七八九零块元abkmp", max_size=20),
    currency=st.sampled_from(list(EXPONENTS)),
)
def test_number_like_text_gives_an_amount_or_a_parse_error(text: str, currency: str) -> None:
    try:
        minor = parse_amount(text, currency)
    except ParseError:
        return
    assert 0 < minor < 10**15
