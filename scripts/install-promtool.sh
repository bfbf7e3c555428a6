#!/usr/bin/env bash
# Installs promtool 3.x into .tools/promtool/ (git-ignored); see install-test-tools.sh. Idempotent.
exec bash "$(dirname "$0")/install-test-tools.sh" promtool
