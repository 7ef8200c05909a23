"""Intent names that code outside the NLU pipeline branches on."""

from __future__ import annotations

# The intent FallbackClassifier gives when no reading is confident enough (config.yml).
NLU_FALLBACK = "nlu_fallback"
