#!/bin/sh
# Installs khaosat-portal as a service on Debian/Ubuntu. Run as root from the repository:
#   swift build -c release --static-swift-stdlib && sudo sh docs/operations/install.sh [set folder]
# Re-running it upgrades the programs and keeps the data, the key and the settings.
set -eu
SET_SOURCE=${1:-Questionnaires/dak-lak-2025}
PREFIX=${KHAOSAT_PREFIX:-/opt/khaosat}
DATA=${KHAOSAT_DATA:-/var/lib/khaosat}
BACKUPS=${KHAOSAT_BACKUPS:-/var/backups/khaosat}
ETC=${KHAOSAT_ETC:-/etc/khaosat}
UNITS=${KHAOSAT_UNITS:-/etc/systemd/system}
BUILD=.build/release
SET_NAME=$(basename "$SET_SOURCE")

[ "$(id -u)" = 0 ] || { echo "Cần chạy với quyền root (sudo)." >&2; exit 1; }
[ -x "$BUILD/khaosat-portal" ] || { echo "Chưa có bản build: chạy swift build -c release --static-swift-stdlib trước." >&2; exit 1; }
[ -f "$SET_SOURCE/set.csv" ] || { echo "$SET_SOURCE không phải một bộ phiếu (thiếu set.csv)." >&2; exit 1; }

# The libraries the programs load at run time (the Swift runtime is linked in by --static-swift-stdlib).
missing=""
for pkg in libcsv3 libreadstat1 libsqlite3-0 zlib1g libxlsxwriter4; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
if [ -n "$missing" ]; then apt-get update && apt-get install -y $missing; fi

# A system account that owns the data and nothing else.
id khaosat >/dev/null 2>&1 || useradd --system --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin khaosat

# Programs (root's, read-only for the service) and the templates bundle beside them.
install -d -m 755 "$PREFIX/bin" "$PREFIX/questionnaires"
install -m 755 "$BUILD/khaosat-portal" "$BUILD/khaosat" "$PREFIX/bin/"
rm -rf "$PREFIX/bin/KhaoSat_KhaoSatPortalServer.resources"
cp -R "$BUILD/KhaoSat_KhaoSatPortalServer.resources" "$PREFIX/bin/"
# A set already installed is kept: the portal's runs name it, and a changed set is a new folder.
if [ ! -d "$PREFIX/questionnaires/$SET_NAME" ]; then cp -R "$SET_SOURCE" "$PREFIX/questionnaires/$SET_NAME"; fi
chmod -R a+rX "$PREFIX"

# Data and backups: the service account's alone.
install -d -m 700 -o khaosat -g khaosat "$DATA" "$BACKUPS"

# The pseudonym key: outside the data folder (backups do not carry it), readable by the service only.
install -d -m 750 -o root -g khaosat "$ETC"
if [ ! -f "$ETC/pseudonym.key" ]; then
    "$PREFIX/bin/khaosat" key new --out "$ETC/pseudonym.key"
    echo "Hãy cất một bản khoá ở nơi an toàn khác máy này: mất khoá là không mở được các tệp gốc đã niêm phong."
fi
chown khaosat:khaosat "$ETC/pseudonym.key"
chmod 600 "$ETC/pseudonym.key"
if [ ! -f "$ETC/portal.env" ]; then
    cat > "$ETC/portal.env" <<ENV
KHAOSAT_SET=$PREFIX/questionnaires/$SET_NAME
KHAOSAT_DATA=$DATA
KHAOSAT_BACKUPS=$BACKUPS
KHAOSAT_KEY_FILE=$ETC/pseudonym.key
KHAOSAT_PORT=8080
ENV
    chmod 640 "$ETC/portal.env"
    chgrp khaosat "$ETC/portal.env"
fi

install -m 644 docs/operations/khaosat-portal.service docs/operations/khaosat-backup.service docs/operations/khaosat-backup.timer "$UNITS/"

# What would keep it from starting, said now.
set -a; . "$ETC/portal.env"; set +a
su -s /bin/sh khaosat -c "KHAOSAT_KEY_FILE='$KHAOSAT_KEY_FILE' '$PREFIX/bin/khaosat-portal' check-config --questionnaires '$KHAOSAT_SET' --data '$KHAOSAT_DATA'"
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    echo "Xong. Bật dịch vụ: systemctl enable --now khaosat-portal khaosat-backup.timer"
else
    echo "Xong (máy này không chạy systemd: chạy cổng bằng lệnh ExecStart trong khaosat-portal.service)."
fi
