"""Every word and number a debtor sees: gettext catalogs rendered with Babel."""
