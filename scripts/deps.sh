#!/usr/bin/env bash
# Install the Debian packages xdnasim needs, but only those that are missing.
# Usage: scripts/deps.sh [extra-package...]
# Exit status: 0 when everything is present afterwards, 1 when something is
# missing and cannot be installed (with a message saying what and why).
set -u

# libxml2-utils: xmllint validates `run --junit` against reports/junit.xsd in the tests
base_pkgs=(gcc make cmake pkg-config check libyaml-dev libjansson-dev valgrind lcov libxml2-utils)
want=("${base_pkgs[@]}" "$@")

missing=()
for p in "${want[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "xdnasim: installing missing packages: ${missing[*]}" >&2

if ! command -v apt-get >/dev/null 2>&1; then
	echo "xdnasim: apt-get not found; please install these packages by hand: ${missing[*]}" >&2
	exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo=(sudo -n)
	else
		echo "xdnasim: not root and no password-less sudo; run as root:" >&2
		echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
fi

export DEBIAN_FRONTEND=noninteractive
# An install from a stale package list fails with 404s; refresh once first.
if ! "${sudo[@]}" apt-get update -qq >/dev/null 2>&1; then
	echo "xdnasim: 'apt-get update' failed; trying the existing package lists" >&2
fi
if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
	echo "xdnasim: 'apt-get install ${missing[*]}' failed; install them by hand and re-run" >&2
	exit 1
fi
echo "xdnasim: installed ${missing[*]}" >&2
exit 0
