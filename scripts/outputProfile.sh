#!/bin/sh
# Makes the CMYK output profile every PDF carries as its PDF/X OutputIntent
# (electron/core/sheets/writers/pdf/outputProfileData.ts): ArgyllCMS's colprof over Fogra's FOGRA39L
# characterisation data (offset on coated paper, ISO 12647-2) as Debian's icc-profiles-free ships it
# under the zlib licence. Needs: apt-get install icc-profiles-free argyll.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp /usr/share/color/icc/FOGRA39L.ti3 "$work/"
cd "$work"
colprof -ql -qm \
  -D "QR Pack FOGRA39L coated (Fogra characterisation data FOGRA39L)" \
  -C "Made with ArgyllCMS colprof from FOGRA39L.ti3 (icc-profiles-free, zlib licence). Free to use and redistribute." \
  -O profile.icc FOGRA39L >/dev/null
node -e '
const bytes = require("node:zlib").deflateSync(require("node:fs").readFileSync("profile.icc"), { level: 9 });
process.stdout.write(`// Made by scripts/outputProfile.sh; do not edit. The ICC profile, deflated, as base64.\nexport const OUTPUT_PROFILE_DEFLATED = ${JSON.stringify(bytes.toString("base64"))};\n`);
' > "$root/electron/core/sheets/writers/pdf/outputProfileData.ts"
