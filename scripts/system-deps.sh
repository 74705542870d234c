#!/usr/bin/env bash
# Debian packages gongkai needs, installed when missing.
#   scripts/system-deps.sh run   — what the platform needs to run (PDF rendering with a CJK font)
#   scripts/system-deps.sh test  — plus what the test suite needs (pdftotext, chromium)
# As root (or with passwordless sudo) the packages are installed; otherwise the
# exact apt-get command is printed and the script fails, so nothing is silently skipped.
set -euo pipefail

profile="${1:-run}"
run_pkgs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-noto-cjk)
test_pkgs=(poppler-utils chromium)

pkgs=("${run_pkgs[@]}")
if [ "$profile" = "test" ]; then
  pkgs+=("${test_pkgs[@]}")
fi

missing=()
for pkg in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "gongkai 需要以下系统软件包，但本机没有 apt-get，请手工安装：${missing[*]}" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "gongkai 需要以下 Debian 软件包：${missing[*]}" >&2
  echo "请以 root 身份执行：apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "正在安装系统软件包：${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
