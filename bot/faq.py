"""Whether a question asks what not paying leads to.

"Will you take me to court?", "can I go to jail for this?" and "what happens if I don't pay?"
read as faq_rights, "what happens if I stop paying?" as faq_fees and 不还会怎么样 as a bare
"no"; all of them deserve a straight answer about what not paying leads to rather than the
general list of rights or fees. Words, not a new intent: the questions are a small, concrete
family, and a new intent would split its neighbours' data.
"""

from __future__ import annotations

import re

# English: legal steps, police and prison, or "what happens if I don't / stop / never pay".
_EN = re.compile(
    r"\b(court|sue|sued|suing|lawsuit|legal action|arrest\w*|jail|prison|police|cops?|bailiffs?)\b"
    r"|\bwhat\b.*\bhappens?\b.*\b(don'?t|dont|do not|not|never|stop|can'?t|cannot|cant)\b.*\bpay"
    r"|\bwhat if\b.*\b(don'?t|dont|do not|not|never|stop|can'?t|cannot|cant)\b.*\bpay",
    re.IGNORECASE,
)
# Chinese: 起诉/法院/坐牢/抓/拘留/报警/警察, or "不还（钱）会/的话…".
_ZH = re.compile(
    r"起诉|告我|法院|坐牢|拘留|抓我|被抓|报警|警察|不还.{0,2}(会|的话)|还不上.{0,2}(会|的话)"
)


def asks_consequences(text: str) -> bool:
    """Whether the text asks what not paying leads to (court, police, "what happens if")."""
    return bool(_EN.search(text) or _ZH.search(text))
