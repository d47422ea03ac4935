#!/bin/bash
# RevSAM2 on a SLURM cluster: one volume per array task, headless Fiji.
#
#   1. A list file, one volume per line, tab- or space-separated:  <volume> <label file>
#      (or, with ATLAS and ATLAS_LABELS set below, just <volume>). Paths without spaces.
#   2. sbatch --array=1-$(wc -l < volumes.txt) macros/slurm-fiji-headless.sh volumes.txt /data/results
#
# Every task runs macros/segment-volume-headless.ijm on line $SLURM_ARRAY_TASK_ID of the list and
# writes <name>_revsam2.nii.gz (or .tif) and <name>_revsam2-scores.csv into the output folder.
#SBATCH --job-name=revsam2
#SBATCH --cpus-per-task=8
#SBATCH --mem=24G
#SBATCH --time=02:00:00
#SBATCH --output=revsam2-%A_%a.log
# For a GPU (needs the GPU build of TensorFlow in Fiji.app/jars, see docs/fiji.md):
##SBATCH --gres=gpu:1    and DEVICE=gpu below

set -euo pipefail

LIST=${1:?usage: sbatch --array=1-N slurm-fiji-headless.sh <volume list> <output folder>}
OUT=${2:?usage: sbatch --array=1-N slurm-fiji-headless.sh <volume list> <output folder>}
FIJI=${FIJI:-$HOME/Fiji.app/ImageJ-linux64}
MACRO=${MACRO:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/segment-volume-headless.ijm}
MODEL=${MODEL:-sam2.1_hiera_tiny}     # installed in $REVSAM2_MODELS (shared by all tasks)
K=${K:-10}
WINDOW=${WINDOW:-min-max}             # CT: abdomen, lung, bone, brain, liver, mediastinum, lo:hi, width,level
METHOD=${METHOD:-revsam2}
DEVICE=${DEVICE:-cpu}
ATLAS=${ATLAS:-}                      # set both for atlas supports instead of a label file per volume
ATLAS_LABELS=${ATLAS_LABELS:-}
export REVSAM2_MODELS=${REVSAM2_MODELS:-$HOME/.revsam2/models}
# TensorFlow uses the task's cores
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-8}

TASK=${SLURM_ARRAY_TASK_ID:?run this as a SLURM array job (sbatch --array=1-N)}
LINE=$(grep -v '^[[:space:]]*\(#\|$\)' "$LIST" | sed -n "${TASK}p")
[ -n "$LINE" ] || { echo "revsam2: no line $TASK in $LIST" >&2; exit 1; }
read -r VOLUME LABELS _ <<< "$LINE"

if [ -n "$ATLAS" ]; then
  SUPPORTS="atlas=[$ATLAS] atlaslabels=[$ATLAS_LABELS]"
else
  [ -n "${LABELS:-}" ] || { echo "revsam2: line $TASK has no label file (or set ATLAS and ATLAS_LABELS)" >&2; exit 1; }
  SUPPORTS="labels=[$LABELS]"
fi
mkdir -p "$OUT"
NAME=$(basename "$VOLUME"); NAME=${NAME%.gz}; NAME=${NAME%.*}
rm -f "$OUT/${NAME}_revsam2.nii.gz" "$OUT/${NAME}_revsam2.tif"   # a rerun must not pass on an old result

echo "revsam2: task $TASK: $VOLUME"
"$FIJI" --headless --console -macro "$MACRO" \
  "volume=[$VOLUME] $SUPPORTS out=[$OUT] model=[$MODEL] k=$K window=[$WINDOW] method=$METHOD device=$DEVICE"

if ls "$OUT/${NAME}_revsam2".* >/dev/null 2>&1; then
  echo "revsam2: task $TASK done: $(ls "$OUT/${NAME}_revsam2".*)"
else
  echo "revsam2: task $TASK failed: no $OUT/${NAME}_revsam2.*" >&2
  exit 1
fi
