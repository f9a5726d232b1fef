#!/usr/bin/env bash
# The NLTK data docassemble needs to import without internet, in CORPORA (a venv's
# nltk_data/corpora), made with PYTHON (the venv's python). Used by tests/docassemble/setup.sh and
# scripts/docassemble_server.sh.
#
# docassemble's pattern module loads WordNet, the Brown information content and SentiWordNet at
# import, downloading what it cannot find (which fails without internet): WordNet from Debian's
# wordnet packages, its lexnames list, and stubs.
# Usage: scripts/nltk_data.sh PYTHON CORPORA
set -euo pipefail
PYTHON=$1 NLTK=$2
mkdir -p "$NLTK/wordnet" "$NLTK/wordnet_ic" "$NLTK/sentiwordnet"
for f in /usr/share/wordnet/*; do ln -sf "$f" "$NLTK/wordnet/"; done
# WordNet's list of lexicographer files (lexnames(5WN)): number, name, part of speech.
names=(adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body
       noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location
       noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process
       noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change
       verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation
       verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather adj.ppl)
for i in "${!names[@]}"; do
    name=${names[$i]}
    case $name in noun.*) pos=1 ;; verb.*) pos=2 ;; adv.*) pos=4 ;; *) pos=3 ;; esac
    printf '%02d\t%s\t%d\n' "$i" "$name" "$pos"
done > "$NLTK/wordnet/lexnames"
# A stub of the Brown-corpus information content: a header and one root count for nouns and verbs
# (the interviews never compare word meanings; pattern only needs the file to parse).
printf 'wnver::stub\n1740n 1 ROOT\n1740v 1 ROOT\n' > "$NLTK/wordnet_ic/ic-brown.dat"
# docassemble.base.pattern calls nltk.download() at import unless these zips exist. Empty archives
# stop the attempts; NLTK then finds nothing in them and reads the folders above.
"$PYTHON" - "$NLTK" <<'PY'
import sys, zipfile
from pathlib import Path
for name in ("omw-1.4", "wordnet", "wordnet_ic", "sentiwordnet"):
    path = Path(sys.argv[1]) / f"{name}.zip"
    if not path.exists():
        zipfile.ZipFile(path, "w").close()
PY
