#!/usr/bin/env bash
# Refresh the gettext catalogues after changing strings in src/aims/web:
# extracts every translatable string and merges it into ja and en .po files.
# Then fill in the empty Japanese msgstr entries (the test suite fails on any).
set -euo pipefail
cd "$(dirname "$0")/.."
web=src/aims/web
pot=$(mktemp --suffix=.pot)
.venv/bin/pybabel -q extract -F "$web/babel.cfg" -k _ -k gettext -k ngettext:1,2 -k lazy_gettext \
  --no-location --sort-output --project AIMS -o "$pot" "$web"
for locale in ja en; do
  po="$web/locales/$locale/LC_MESSAGES/messages.po"
  if [ -f "$po" ]; then
    .venv/bin/pybabel -q update --no-fuzzy-matching --ignore-obsolete -l "$locale" -i "$pot" -o "$po"
  else
    .venv/bin/pybabel -q init -l "$locale" -i "$pot" -o "$po"
  fi
done
rm -f "$pot"
