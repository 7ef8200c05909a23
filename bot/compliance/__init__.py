"""Rules that protect the debtor, as pure functions over values."""
