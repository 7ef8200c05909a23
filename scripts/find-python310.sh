#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 refuses 3.11+), or explains what to install.
set -euo pipefail
for candidate in python3.10 "$(command -v pyenv >/dev/null 2>&1 && pyenv root 2>/dev/null)/versions/3.10"*/bin/python3.10; do
  if path=$(command -v "$candidate" 2>/dev/null) && "$path" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    echo "$path"; exit 0
  fi
done
cat >&2 <<'MSG'
error: Python 3.10 was not found (Rasa Open Source 3.6 needs exactly 3.10).
Install it with one of:
  apt-get install python3.10 python3.10-venv        # where your distribution ships it
  pyenv install 3.10 && pyenv rehash                 # with pyenv
then run make again.
MSG
exit 1
